// Module hooks for `lemmata audit` (plain JavaScript: hooks run on a loader thread, before any TypeScript support).
//
// - `lemmata`, `lemmata/models` and `lemmata/core` resolve to the running lemmata's own entry points, so a claim file
//   anywhere (no node_modules, no package.json) uses the public API, and the claims it defines are validated and run
//   by the very modules of the CLI that audits them.
// - Files under the audited folders are ES modules whatever their package.json says (a `.ts` claim file in a folder
//   without `"type": "module"` would otherwise be compiled to CommonJS and fail with ERR_REQUIRE_CYCLE_MODULE).
let entries = {};
let roots = [];

export function initialize(data) {
  entries = data?.entries ?? {};
  roots = data?.roots ?? [];
}

export async function resolve(specifier, context, next) {
  if (Object.prototype.hasOwnProperty.call(entries, specifier)) return next(entries[specifier], context);
  const r = await next(specifier, context);
  if (r.url && roots.some((root) => r.url.startsWith(root)) && !r.url.includes('/node_modules/') && /\.(m?[jt]s)$/.test(r.url)) {
    return { ...r, format: 'module' };
  }
  return r;
}
