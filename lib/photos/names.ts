// How bulk photo files name their student: "S1234.jpg", "S1234_2.png" or "S1234/any.jpg",
// by local identifier or sourcedId. Shared by the browser bulk page and the CLI.

export const PHOTO_EXTENSIONS = [".jpg", ".jpeg", ".png", ".webp"];

function extname(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot) : "";
}

export function isPhotoName(path: string): boolean {
  const base = path.split(/[\\/]/).at(-1) ?? "";
  return PHOTO_EXTENSIONS.includes(extname(base).toLowerCase()) && !base.startsWith(".");
}

/** Names a file could be filed under, most specific first: its folders, then its stem without "_2". */
export function identifierCandidates(relPath: string): string[] {
  const parts = relPath.split(/[\\/]/).filter(Boolean);
  const base = parts.at(-1) ?? "";
  const stem = base.slice(0, base.length - extname(base).length);
  return [...new Set([...parts.slice(0, -1).reverse(), stem.replace(/_\d+$/, ""), stem])];
}
