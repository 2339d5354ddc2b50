/**
 * `lemmata/models` — L2-regularised networks: representations, min-norm weights, balance, KKT certificates, the Carathéodory reductions, the tight example.
 *
 * @packageDocumentation
 * @public
 */

export * from './activation.ts';
export * from './balance.ts';
export * from './certificate.ts';
export * from './columnBasis.ts';
export * from './cpRank.ts';
export * from './forces.ts';
export * from './kkt.ts';
export * from './lbfgs.ts';
export * from './lpTest.ts';
export * from './network.ts';
export * from './onestep.ts';
export * from './reduction.ts';
export * from './reformulation.ts';
export * from './tightExample.ts';
