/**
 * JUnit XML of a run (`junit.xml` in the output folder, `verify --junit FILE`), for CI systems that
 * show test results. One `<testsuite>` per paper (a claim's first source), one `<testcase>` per claim
 * (name: the claim id; classname: `lemmata.<kind>`), and one `<failure>` for each thing that fails the
 * gate: a refuted claim (`type="refuted"`), a claim in error (`type="error"`), an inconclusive claim under
 * `--strict` (`type="inconclusive"`), and each surviving wrong variant (`type="surviving-variant"`). An
 * inconclusive claim without `--strict` and without a surviving variant is `<skipped>`. The claim's full
 * text is its `<system-out>`.
 *
 * The shape follows the schema that Jenkins and the JUnit 5 project validate against (jenkins-junit.xsd,
 * from Jenkins' dtkit junit-4.xsd): `properties`, then `testcase`s; within a testcase `skipped`, `failure`s,
 * `system-out`; `skipped` carries text only. `properties/report-outputs.test.ts` validates the output against
 * that schema with libxml2 (xmllint-wasm). No timestamps or durations: equal records give equal files.
 *
 * @module
 */
import { renderClaimText } from './claimText.ts';
import { escapeAttr, escapeXml, oneLine, shorten } from './escape.ts';
import { variantReplayLine } from './replayLine.ts';
import type { RunSummary } from './runSummary.ts';
import type { ClaimSummary } from './verdict.ts';

/** The failures of one claim's test case, and whether it is skipped. */
function outcome(c: ClaimSummary, strict: boolean): { failures: Array<{ type: string; message: string; text: string }>; skipped: string | null } {
  const failures: Array<{ type: string; message: string; text: string }> = [];
  if (c.verdict === 'refuted' || c.verdict === 'error' || (strict && c.verdict === 'inconclusive')) {
    failures.push({ type: c.verdict, message: shorten(`${c.id}: ${c.verdict} — ${c.reason}`, 500), text: `${c.verdict} — ${c.reason}\nreplay: ${c.replay}` });
  }
  for (const v of c.variants) {
    if (v.killed) continue;
    failures.push({
      type: 'surviving-variant',
      message: shorten(`${c.id}/${v.name}: wrong variant survived (${v.verdict}) — ${v.reason}`, 500),
      text: `wrong variant ${v.name} (${v.why}) was not refuted: ${v.verdict} — ${v.reason}\nreplay: ${variantReplayLine(c.replay, v.name)}`,
    });
  }
  const skipped = failures.length === 0 && c.verdict === 'inconclusive' ? `inconclusive — ${c.reason}` : null;
  return { failures, skipped };
}

/** The JUnit XML document of a run. */
export function renderJunit(s: RunSummary): string {
  const strict = s.gate.strict;
  const suites = new Map<string, ClaimSummary[]>();
  for (const c of s.claims) {
    const paper = c.sources?.[0]?.paper ?? c.source;
    const list = suites.get(paper) ?? [];
    list.push(c);
    suites.set(paper, list);
  }
  const L: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  let failedTotal = 0;
  const body: string[] = [];
  for (const [paper, claims] of suites) {
    const cases = claims.map((c) => ({ c, ...outcome(c, strict) }));
    const failed = cases.filter((x) => x.failures.length > 0).length;
    const skipped = cases.filter((x) => x.skipped !== null).length;
    failedTotal += failed;
    body.push(`  <testsuite name="${escapeAttr(paper)}" tests="${claims.length}" failures="${failed}" errors="0" skipped="${skipped}">`);
    body.push('    <properties>');
    for (const [k, v] of [
      ['seed', String(s.seed)],
      ['profile', s.profile],
      ['strict', String(strict)],
      ['alphaTotal', String(s.budget.alphaTotal)],
      ['alphaPerTest', String(s.budget.alphaPerTest)],
    ]) {
      body.push(`      <property name="${escapeAttr(k)}" value="${escapeAttr(v)}"/>`);
    }
    body.push('    </properties>');
    for (const { c, failures, skipped: sk } of cases) {
      body.push(`    <testcase name="${escapeAttr(c.id)}" classname="${escapeAttr(`lemmata.${c.kind}`)}">`);
      if (sk !== null) body.push(`      <skipped>${escapeXml(oneLine(sk))}</skipped>`);
      for (const f of failures) body.push(`      <failure type="${escapeAttr(f.type)}" message="${escapeAttr(oneLine(f.message))}">${escapeXml(f.text)}</failure>`);
      body.push(`      <system-out>${escapeXml(renderClaimText(c, { seed: s.seed, profile: s.profile }))}</system-out>`);
      body.push('    </testcase>');
    }
    body.push('  </testsuite>');
  }
  L.push(`<testsuites name="lemmata" tests="${s.claims.length}" failures="${failedTotal}" errors="0">`, ...body, '</testsuites>');
  return L.join('\n') + '\n';
}
