/**
 * Model text as sanitized Markdown (SPEC section 4, "Prompt guard": model output is only ever rendered as
 * text or sanitized Markdown). markdown-it with raw HTML off escapes any tag the model wrote, so
 * `<img src=x onerror=…>` shows as those characters; DOMPurify then keeps only a short list of prose
 * elements; links survive only with an http(s) address, and open in a new window with
 * rel="noopener noreferrer". A single line break stays a line break (<br>), as in plain text. Headings,
 * images and tables are not rendered (they stay text): a narrative is prose inside a card, and an image
 * would fetch from wherever the model pointed.
 *
 * The result is a DOM fragment placed into the container — no HTML string is ever given to React.
 */
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { type CSSProperties, useLayoutEffect, useMemo, useRef } from 'react';

const ALLOWED_TAGS = ['p', 'br', 'em', 'strong', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr'];
const SAFE_LINK = /^https?:\/\//i;

const markdown = new MarkdownIt('default', { html: false, linkify: false, typographer: false, breaks: true });
markdown.disable(['heading', 'lheading', 'image', 'table']);
// Only http(s) links become links; anything else (javascript:, data:, file:, relative) stays text.
markdown.validateLink = (url) => SAFE_LINK.test(url.trim());

let purifier: ReturnType<typeof DOMPurify> | null = null;

/** One DOMPurify instance of our own (built at first use: it needs the DOM), so its hook stays local. */
function purify(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const instance = DOMPurify(window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href') ?? '';
    if (SAFE_LINK.test(href.trim())) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else {
      node.removeAttribute('href');
    }
  });
  purifier = instance;
  return instance;
}

/** `text` as a sanitized fragment, without the whitespace markdown-it puts between blocks. */
export function renderSafeMarkdown(text: string): DocumentFragment {
  const fragment = purify().sanitize(markdown.render(text), {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href'],
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  for (const node of [...fragment.childNodes]) {
    if (node.nodeType === Node.TEXT_NODE && (node.textContent ?? '').trim() === '') node.remove();
  }
  return fragment;
}

/**
 * Paragraphs a blank line apart (the app resets p margins); white-space normal whatever the container
 * class says, since line breaks are <br> elements here (breaks: true) and not preserved newlines.
 */
const BLOCKS: CSSProperties = { display: 'flex', flexDirection: 'column', gap: '0.75em', whiteSpace: 'normal' };

interface SafeMarkdownProps {
  text: string;
  className?: string;
  testId?: string;
}

export function SafeMarkdown({ text, className, testId }: SafeMarkdownProps) {
  const container = useRef<HTMLDivElement>(null);
  const fragment = useMemo(() => renderSafeMarkdown(text), [text]);
  useLayoutEffect(() => {
    container.current?.replaceChildren(fragment.cloneNode(true));
  }, [fragment]);
  return <div ref={container} className={className ? `safe-markdown ${className}` : 'safe-markdown'} style={BLOCKS} data-testid={testId} />;
}
