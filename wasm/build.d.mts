/** Types of wasm/build.mjs (the WASM build script). */
export declare const VARIANTS: Array<{ file: string; features: string }>;
/** Compiles every variant into `outDir` (default src/core/wasm); returns the written paths. */
export declare function buildWasm(outDir?: string): Promise<string[]>;
