/**
 * Prompt and output guards (SPEC section 4, "Prompt guard"; issue 5 item 7).
 *
 * - `sanitizeText`: what every text inserted into a prompt goes through — world state (agent names,
 *   goals, events) as well as user text: invisible and control characters removed, NFKC-normalized,
 *   length-bounded. It never rejects: world state is not user input at run time.
 * - `guardUserText`: user text that reaches a model (a story master's directive): sanitized, then
 *   rejected with `invalid_request` naming the field when it is too long or matches an injection pattern
 *   of INJECTION_PATTERNS.
 * - `guardModelOutput`: what a model answered, before a phase uses it: control characters removed,
 *   length-bounded, and replaced by a safe fallback when it carries script content (SCRIPT_PATTERNS).
 *
 * The injection list is a curated deny-list, not a proof: it catches the well-known phrasings (and their
 * spacing, case, fullwidth/mathematical and Cyrillic/Greek look-alike spellings) so a directive stays story
 * guidance. The prompt templates also fence the directive inside <story_directive> tags and tell the model
 * it is no instruction; the renderer shows model text only as text or sanitized Markdown.
 */
import { ContractError } from '../../../src-shared/errors';

// ---------------------------------------------------------------------------------------------------
// Sanitizing

/**
 * Characters removed from every guarded text: C0 controls but tab and line feed, DEL and C1 (U+007F–009F),
 * soft hyphen (U+00AD, hides inside keywords), Arabic letter mark (U+061C), Mongolian vowel separator
 * (U+180E), zero-width space/non-joiner/joiner and LRM/RLM (U+200B–200F), bidi embeddings and overrides
 * (U+202A–202E), word joiner and invisible operators (U+2060–2064), bidi isolates (U+2066–2069), byte order
 * mark (U+FEFF), interlinear annotations (U+FFF9–FFFB), and the tag and variation-selector supplements
 * (U+E0000–E007F, U+E0100–E01EF) that "ASCII smuggling" hides whole instructions in.
 */
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point of this pattern
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: variation selectors are removed one by one, on purpose
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}]/gu;
/** Carriage returns and Unicode line/paragraph separators become line feeds. */
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;
/** A surrogate that is not half of a pair (the `u` flag matches pairs as one code point). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;
/** Text that needs no work: printable ASCII, tab and line feed. */
const PLAIN = /^[\x20-\x7E\n\t]*$/;
/**
 * Anything stripInvisible may change, as one plain character class (one fast pass; any surrogate counts,
 * which covers the tag and variation-selector supplements behind U+DB40).
 */
const NEEDS_STRIPPING =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point of this pattern
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uD800-\uDFFF\uFEFF\uFFF9-\uFFFB]/;

export interface SanitizeOptions {
  /** Longest result in UTF-16 code units; longer text is cut (never inside a surrogate pair). */
  maxLength: number;
  /** Tabs and line breaks become single spaces, so one fact stays on its prompt line. */
  singleLine?: boolean;
}

/** Cuts `text` to at most `maxLength` code units without splitting a surrogate pair. */
export function boundLength(text: string, maxLength: number): string {
  const limit = Math.max(0, Math.floor(maxLength));
  if (text.length <= limit) return text;
  const code = text.charCodeAt(limit - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
  return text.slice(0, end);
}

/** Removes invisible and control characters (keeping tab and line feed); no normalization. */
export function stripInvisible(text: string): string {
  if (PLAIN.test(text) || !NEEDS_STRIPPING.test(text)) return text;
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(LINE_BREAKS, '\n').replace(INVISIBLE, '');
}

/** World-state or user text made safe to put in a prompt: see the file comment. Never throws. */
export function sanitizeText(text: string, options: SanitizeOptions): string {
  let result = text;
  if (!PLAIN.test(result)) {
    // NFKC folds fullwidth, mathematical and other compatibility forms; it never creates a control
    // character, but it may expose one that a compatibility character stood for, hence strip after too.
    result = stripInvisible(stripInvisible(result).normalize('NFKC'));
  }
  if (options.singleLine) result = result.replace(/[\n\t]+/g, ' ');
  return boundLength(result, options.maxLength);
}

// ---------------------------------------------------------------------------------------------------
// User text: injection patterns

/** Look-alike letters from Cyrillic, Greek and IPA that NFKC keeps apart from Latin. */
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ı: 'i',
  ɡ: 'g',
  ɑ: 'a',
  ℓ: 'l',
};
const CONFUSABLE = new RegExp(`[${Object.keys(CONFUSABLES).join('')}]`, 'gu');

/**
 * The form markers are matched in: lower case, look-alikes folded to Latin, accents dropped, runs of
 * spaces and tabs collapsed (line breaks kept, for line-start role markers).
 */
function markerForm(sanitized: string): string {
  return sanitized
    .toLowerCase()
    .replace(CONFUSABLE, (letter) => CONFUSABLES[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ \t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g, ' ');
}

/** The form phrases are matched in: the marker form's words only, one space apart, padded with spaces. */
function wordForm(markers: string): string {
  return ` ${markers.replace(/[^a-z0-9]+/g, ' ').trim()} `;
}

export interface InjectionPattern {
  id: string;
  /** Why the text was refused, as shown to the user after the field name. */
  reason: string;
  /** `words`: matched against the words only (punctuation and spacing ignored); `markers`: the text itself. */
  form: 'words' | 'markers';
  pattern: RegExp;
}

const FILLER = '(?:[a-z0-9]+ ){0,3}';

/**
 * The curated list (case-insensitive through the matching forms). Phrases are chosen so ordinary story
 * directives pass: "the storm breaks tonight", "Aria ignores the guild's rules", "Borin acts as a spy".
 */
export const INJECTION_PATTERNS: readonly InjectionPattern[] = [
  {
    id: 'override_instructions',
    reason: 'it asks the model to ignore or replace its instructions',
    form: 'words',
    pattern: new RegExp(
      ` (?:ignore|disregard|forget|override|bypass|skip|discard|neglect|abandon|drop) ${FILLER}(?:(?:previous|prior|above|earlier|preceding|foregoing|former|original|initial|system|developer|your|these|those) (?:[a-z0-9]+ )?|(?:all|any|every) )(?:instructions?|prompts?|directions|guidelines|rules|context|messages?|commands|programming|constraints) `,
    ),
  },
  {
    id: 'reveal_prompt',
    reason: 'it asks the model to reveal its prompt or instructions',
    form: 'words',
    pattern: new RegExp(
      ` (?:(?:reveal|show|print|repeat|output|display|leak|dump|disclose|tell|give|write|recite|list|spell|paste|echo) ${FILLER}|what (?:is|are|were) )(?:[a-z0-9]+ )?(?:system|initial|original|hidden|secret|developer|your|the above|previous) (?:prompts?|instructions?|rules|guidelines|messages?) |(?: system | developer )prompts? `,
    ),
  },
  {
    id: 'new_role',
    reason: 'it tries to give the model a new role',
    form: 'words',
    pattern:
      // Only when the new role is the model's: "you are now in the forest" is a fine story directive.
      / (?:(?:you are now|you re now|you will now be|you are no longer|from now on you are|from now on act as|act as) (?:an? |the )?(?:ai|assistant|chatbot|language model|llm|gpt|model|dan|unrestricted|unfiltered|uncensored|jailbroken|different ai|free from|bound by|restricted by|limited by)|pretend (?:to be|you are) (?:an? )?(?:ai|assistant|chatbot|language model|llm|unrestricted|unfiltered|different ai)|roleplay as (?:an? )?(?:ai|assistant|chatbot|language model)) /,
  },
  {
    id: 'jailbreak',
    reason: 'it contains jailbreak wording',
    form: 'words',
    pattern: / (?:jailbreak|jailbroken|jailbreaking|developer mode|dan mode|do anything now|god mode enabled|no restrictions mode) /,
  },
  {
    id: 'new_instructions',
    reason: 'it announces new instructions for the model',
    form: 'markers',
    pattern:
      /\b(?:new|updated|revised|real|actual|true|hidden|system|admin|developer|override)\s+(?:instructions?|prompt|rules|directives?)\s*:/,
  },
  {
    id: 'role_marker',
    reason: 'it contains a chat role marker such as "system:"',
    form: 'markers',
    pattern:
      /(?:^|\n|[.!?]\s)\s*(?:system|assistant|user|developer|human|ai|bot|model|narrator instructions)\s*:|[[({<]\s*\/?\s*(?:system|assistant|developer|user)\s*[\])}>]/,
  },
  {
    id: 'chat_template_token',
    reason: 'it contains a chat template token such as <|im_start|> or [INST]',
    form: 'markers',
    pattern:
      /<\||\|>|\[\s*\/?\s*inst\s*\]|<<\s*\/?\s*sys\s*>>|<\s*\/?\s*(?:s|bos|eos|start_of_turn|end_of_turn|start_header_id|end_header_id|eot_id)\s*>/,
  },
  {
    id: 'instruction_heading',
    reason: 'it contains an instruction heading such as "### Instruction"',
    form: 'markers',
    pattern: /#{2,}\s*(?:system|instructions?|response|input|assistant|user|prompt|context|human)\b/,
  },
  {
    id: 'delimiter_escape',
    reason: 'it tries to close the prompt\'s delimiters (story_directive tags, code fences or """)',
    form: 'markers',
    pattern:
      /story[\s_-]*directive\s*>|<\s*\/?\s*story[\s_-]*directive|```|"""|<\s*\/\s*(?:system|user|assistant|instructions?|prompt|context)\s*>/,
  },
];

/** The reason `text` (already sanitized) is refused, or null when no injection pattern matches. */
export function findInjection(text: string): string | null {
  const markers = markerForm(text);
  const words = wordForm(markers);
  for (const entry of INJECTION_PATTERNS) {
    if (entry.pattern.test(entry.form === 'words' ? words : markers)) return entry.reason;
  }
  return null;
}

export interface UserTextOptions {
  /** The request field, for the error: `configuration.storyDirective`. */
  field: string;
  maxLength: number;
}

function refuse(field: string, reason: string): ContractError {
  return new ContractError('invalid_request', `${field}: ${reason}`, [{ field, message: reason }]);
}

/**
 * User text that will reach a model, sanitized and trimmed; throws ContractError `invalid_request` naming
 * the field when it is longer than maxLength (after sanitizing) or matches an injection pattern.
 */
export function guardUserText(text: string, options: UserTextOptions): string {
  const sanitized = sanitizeText(text, { maxLength: Number.POSITIVE_INFINITY }).trim();
  if (sanitized.length > options.maxLength) {
    throw refuse(options.field, `at most ${options.maxLength} characters are allowed (got ${sanitized.length})`);
  }
  const reason = findInjection(sanitized);
  if (reason !== null) throw refuse(options.field, `refused because ${reason}; describe what should happen in the story instead`);
  return sanitized;
}

// ---------------------------------------------------------------------------------------------------
// Model output: script content

export interface ScriptPattern {
  id: string;
  reason: string;
  /**
   * `tag`: matched against the text (only when it holds a "<"); `scheme`: matched against the 10 and 40
   * non-space characters before and after each ":", as browsers ignore tabs and line breaks in URLs.
   */
  where: 'tag' | 'scheme';
  pattern: RegExp;
}

/**
 * What makes model output unsafe to show, matched case-insensitively with numeric character references and
 * &colon;/&tab;/&newline; decoded (and NFKC-folded when fullwidth or small-form "<", ":" or "&" appear).
 * Tag patterns bound how far they look inside one tag and scheme patterns look only near a colon, so a
 * hostile answer cannot make matching slow and ordinary prose costs a couple of microseconds.
 */
export const SCRIPT_PATTERNS: readonly ScriptPattern[] = [
  { id: 'script_tag', reason: 'script element', where: 'tag', pattern: /<\s*\/?\s*script\b/i },
  {
    id: 'embedding_tag',
    reason: 'embedding element (iframe, frame, object, embed, applet)',
    where: 'tag',
    pattern: /<\s*(?:i?frame|frameset|object|embed|applet)\b/i,
  },
  // Covers <svg onload=…>, <img src=x onerror=…>, <body onpageshow=…>: any on* attribute inside a tag.
  {
    id: 'event_handler',
    reason: 'on* event handler attribute',
    where: 'tag',
    pattern: /<[a-z!/?][^<>]{0,2000}?[\s/"'`]on[a-z]{2,30}\s*=/i,
  },
  {
    id: 'active_tag',
    reason: 'active element (meta, base, link, style, form)',
    where: 'tag',
    pattern: /<\s*(?:meta|base|link|style|form)\b/i,
  },
  { id: 'script_url', reason: 'javascript: URL', where: 'scheme', pattern: /(?:java|vb)script:/ },
  {
    id: 'html_data_url',
    reason: 'data:text/html URL',
    where: 'scheme',
    pattern:
      /data:(?:text\/(?:html|javascript|ecmascript|xml)|application\/(?:x?html|xhtml\+xml|javascript|ecmascript|xml)|image\/svg\+xml)/,
  },
];

const TAG_PATTERNS = SCRIPT_PATTERNS.filter((entry) => entry.where === 'tag');
const SCHEME_PATTERNS = SCRIPT_PATTERNS.filter((entry) => entry.where === 'scheme');
/** Characters looked at on each side of a colon for a scheme pattern. */
const SCHEME_WINDOW = 48;

/** Longest model answer scanned for script content; anything beyond is cut by the length bound anyway. */
const MAX_SCAN_LENGTH = 1_000_000;

/** Compatibility forms of "<", ":" and "&" (fullwidth, small, vertical): only then is NFKC worth its cost. */
const COMPATIBLE_MARKUP = /[\uFF1C\uFE64\uFF1A\uFE55\uFE13\uFF06\uFE60]/;

const NAMED_ESCAPES: Record<string, string> = { colon: ':', tab: '\t', newline: '\n', lpar: '(', rpar: ')', sol: '/' };

function decodeEscapes(text: string): string {
  return text.replace(/&(?:#(x[0-9a-f]{1,6}|[0-9]{1,7});?|(colon|tab|newline|lpar|rpar|sol);)/gi, (whole, code?: string, name?: string) => {
    if (name) return NAMED_ESCAPES[name.toLowerCase()] ?? whole;
    const value = code?.[0]?.toLowerCase() === 'x' ? Number.parseInt(code.slice(1), 16) : Number.parseInt(code ?? '', 10);
    return Number.isInteger(value) && value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : whole;
  });
}

/** White space as browsers and `\s` see it, by code unit. */
function isSpace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Up to `count` non-space characters next to `index`, in text order, going backward (-1) or forward (1). */
function nonSpace(text: string, index: number, direction: -1 | 1, count: number): string {
  const collected: string[] = [];
  const stop = direction === 1 ? Math.min(text.length, index + SCHEME_WINDOW + 1) : Math.max(-1, index - SCHEME_WINDOW - 1);
  for (let at = index + direction; at !== stop && collected.length < count; at += direction) {
    if (!isSpace(text.charCodeAt(at))) collected.push(text.charAt(at));
  }
  if (direction === -1) collected.reverse();
  return collected.join('');
}

/** The scheme names SCHEME_PATTERNS start with, as the end of the text before a colon. */
const SCHEME_NAME = /(?:javascript|vbscript|data)$/;

/**
 * Scheme patterns around each colon, spaces removed: the ten characters before it must end in a scheme
 * name (most colons of prose stop there), then the forty after it are looked at too.
 */
function schemeContent(scanned: string): string | null {
  for (let colon = scanned.indexOf(':'); colon !== -1; colon = scanned.indexOf(':', colon + 1)) {
    // Every scheme name ends in "t" or "a": a colon after anything else costs one character test.
    const last = scanned.charCodeAt(colon - 1) | 0x20;
    if (last !== 0x74 && last !== 0x61 && !isSpace(scanned.charCodeAt(colon - 1))) continue;
    const before = nonSpace(scanned, colon, -1, 10).toLowerCase();
    if (!SCHEME_NAME.test(before)) continue;
    const around = `${before}:${nonSpace(scanned, colon, 1, 40).toLowerCase()}`;
    for (const entry of SCHEME_PATTERNS) if (entry.pattern.test(around)) return entry.reason;
  }
  return null;
}

/** The kind of script content in `text`, or null when there is none. */
export function findScriptContent(text: string): string | null {
  let scanned = text.length > MAX_SCAN_LENGTH ? text.slice(0, MAX_SCAN_LENGTH) : text;
  if (!PLAIN.test(scanned)) {
    // Invisible characters hide inside keywords ("<scr\u200Bipt>"): matched as guardModelOutput keeps it.
    scanned = stripInvisible(scanned);
    if (COMPATIBLE_MARKUP.test(scanned)) scanned = scanned.normalize('NFKC');
  }
  // Every pattern needs a "<" or a ":", possibly written as a character reference.
  if (scanned.includes('&')) scanned = decodeEscapes(scanned);
  if (scanned.includes('<')) for (const entry of TAG_PATTERNS) if (entry.pattern.test(scanned)) return entry.reason;
  return scanned.includes(':') ? schemeContent(scanned) : null;
}

/** What replaces flagged output when the caller has no (safe) fallback of its own. */
export const NEUTRAL_OUTPUT_FALLBACK = 'The model’s answer was withheld because it contained script content.';

export interface ModelOutputOptions {
  maxLength: number;
  /** Safe text to use instead of flagged output (a rule-based brief or narrative); checked like output. */
  fallback?: () => string;
}

export interface GuardedOutput {
  text: string;
  /** Why the model's text was replaced (`script element`, …), or null when it was used. */
  flagged: string | null;
}

/**
 * A model's answer made safe for a phase to use: control characters removed and length-bounded, or,
 * when it carries script content, replaced by the fallback (or the neutral sentence when the fallback
 * itself is not clean). Pure: the same answer always gives the same result, so replays match.
 */
export function guardModelOutput(text: string, options: ModelOutputOptions): GuardedOutput {
  let flagged = findScriptContent(text);
  if (flagged === null) {
    const stripped = stripInvisible(text);
    const bounded = boundLength(stripped, options.maxLength);
    // A cut can complete a pattern ("<scripts" cut to "<script"): a cut text is checked again.
    flagged = bounded.length < stripped.length ? findScriptContent(bounded) : null;
    if (flagged === null) return { text: bounded, flagged: null };
  }
  const fallback = options.fallback ? boundLength(stripInvisible(options.fallback()), options.maxLength) : null;
  const safe = fallback !== null && fallback.trim() !== '' && findScriptContent(fallback) === null;
  return { text: safe ? fallback : boundLength(NEUTRAL_OUTPUT_FALLBACK, options.maxLength), flagged };
}
