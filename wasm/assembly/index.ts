// Entry point of the lemmata WASM kernels (built by `npm run build:wasm`, see wasm/build.mjs).
export { dgemm, gemmWorkBytes } from './gemm';
export { dsyrk, dtrsm, dpotrf } from './blas3';
export { dsytrd } from './sytrd';
export { dgebrd } from './gebrd';

/** First free byte after the static data: the host allocates scratch above it. */
export function heapBase(): usize {
  return __heap_base;
}
