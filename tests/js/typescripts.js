// The TypeScript compilers the declarations and the decorator form are checked with:
// 5.9, and 7 (the native compiler `npm create vite` scaffolds today, as the npm alias
// typescript7). Each is [version, its tsc script under node_modules].
export const TYPESCRIPTS = [
  ["5.9", "typescript/bin/tsc"],
  ["7", "typescript7/bin/tsc"],
];
