// Lint rules without type information: type-aware linting would type-check @pulumi/aws a
// second time in CI (tsc --noEmit already does it once).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "scratch/**",
      "bench/*-pack/**",
      "node_modules/**",
      "**/node_modules/**",
      "dist/**",
      "policy-pack/**",
      "bench/node_modules/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        require: "readonly",
        module: "writable",
        __dirname: "readonly",
        process: "readonly",
        console: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/no-require-imports": "off",
    },
  },
);
