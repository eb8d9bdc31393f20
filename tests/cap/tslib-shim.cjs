// The three tslib helpers that @dec112/cap-ts 0.3.2 and asn1-ts 3.4 call
// (__importDefault, __importStar, __exportStar), as tslib 2 defines them.
// Both packages `require("tslib")` without declaring it as a dependency, so
// `npm ci` does not install it; roundtrip.mjs loads this file only when no
// real tslib can be resolved. Adding "tslib" to package.json makes it unused.
"use strict";
function __createBinding(o, m, k, k2) {
  if (k2 === undefined) k2 = k;
  Object.defineProperty(o, k2, { enumerable: true, get: () => m[k] });
}
exports.__importDefault = (mod) => (mod && mod.__esModule ? mod : { default: mod });
exports.__importStar = (mod) => {
  if (mod && mod.__esModule) return mod;
  const result = {};
  if (mod != null) {
    for (const k of Object.keys(mod)) {
      if (k !== "default") __createBinding(result, mod, k);
    }
  }
  result.default = mod;
  return result;
};
exports.__exportStar = (m, o) => {
  for (const p of Object.keys(m)) {
    if (p !== "default" && !Object.prototype.hasOwnProperty.call(o, p)) __createBinding(o, m, p);
  }
};
exports.__createBinding = __createBinding;
