/**
 * `lemmata/models`: the models the claims stand on — the GLM formulas, the deep effective GLM and its
 * samplers, and L2-regularised networks. Public: follows semantic versioning.
 *
 * @packageDocumentation
 * @public
 */
export * from './glm/index.ts';
export * from './deep/index.ts';
export * from './l2/index.ts';
export * as glm from './glm/index.ts';
export * as deep from './deep/index.ts';
export * as l2 from './l2/index.ts';
