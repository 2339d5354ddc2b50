#!/usr/bin/env bash
# Regenerates the figures of docs/theory.md with the calculator itself (and its Monte Carlo overlay, seeded).
# Run from the repository root: bash docs/make-theory-figures.sh   (about a minute on one core)
set -euo pipefail
cd "$(dirname "$0")/.."
L="node bin/lemmata.js theory deep"

# Figure 1: Cui, Krzakala, Zdeborová 2023 (arXiv 2302.00375) Fig. 2 analogue: tanh(2x)×2, unit variances, Δ = 0.1.
$L --act 'tanh(2*x)' --act 'tanh(2*x)' --alpha 0.2:6:30 --noise 0.1 --ridge-lambda 0.01,1 \
  --compare coefficients-at-unit-variance --monte-carlo d=128,R=8,seed=1 --plot docs/theory-tanh2x2.svg > /dev/null

# Figure 2: an architecture their notebooks do not cover: three erf layers with σ² = (2, 0.5, 3), σ_a² = 1.5, Δ = 0.05.
$L --act erf --act erf --act erf --weight-var 2,0.5,3 --readout-var 1.5 --alpha log:0.1:20:30 --noise 0.05 \
  --ridge-lambda 0.1 --compare unattenuated-eps --monte-carlo d=128,R=8,seed=1 --plot docs/theory-erf3.svg > /dev/null
echo "wrote docs/theory-tanh2x2.svg docs/theory-erf3.svg"
