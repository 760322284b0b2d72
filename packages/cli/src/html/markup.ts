/**
 * HTML built by a tagged template that escapes every interpolated value, so a tag
 * value such as `</td><script>` lands on the page as text. Only `Html` (markup
 * built here) passes through unescaped.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!));
  return new Html(out);
}

/** Markup costkit wrote itself (the stylesheet, a script), never data. */
export const trusted = (text: string) => new Html(text);

/**
 * JSON inside `<script type="application/json">`: `<`, `>` and `&` escaped as
 * \u003c etc. so no value can close the script element or open a comment, and
 * U+2028/U+2029 escaped for older JavaScript parsers. JSON.parse reads it back
 * unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A script's source inside `<script>`: it must not contain `</script` (it would end the element early) or `<!--`. */
export function inlineScript(source: string, name: string): Html {
  if (/<\/script|<!--/i.test(source)) throw new Error(`${name} contains '</script' or '<!--' and cannot be inlined as it is`);
  return new Html(`<script>${source}</script>`);
}
