/**
 * A runbook's Markdown, sanitized (SPEC section 7: runbooks are Markdown rendered with markdown-it and
 * DOMPurify). Unlike model output (ui/SafeMarkdown.tsx) a runbook is a document: headings, tables and
 * code blocks render; raw HTML never does (markdown-it escapes it), images do not (they would fetch from
 * anywhere), and links survive only as http(s) — opened in a new window — or as the console's own
 * `#/…` addresses. Headings move one level down, so a runbook's `##` sits under the page's title.
 *
 * The result is a DOM fragment placed into the container; no HTML string is ever given to React.
 */
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { type RefObject, useLayoutEffect, useMemo, useRef } from 'react';

const ALLOWED_TAGS = [
  'p',
  'br',
  'em',
  'strong',
  's',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'hr',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];
const EXTERNAL_LINK = /^https?:\/\//i;
const CONSOLE_LINK = /^#\/[\w\-/.%?=&]*$/;

const markdown = new MarkdownIt('default', { html: false, linkify: false, typographer: false, breaks: false });
markdown.disable(['image']);
markdown.validateLink = (url) => EXTERNAL_LINK.test(url.trim()) || CONSOLE_LINK.test(url.trim());
markdown.core.ruler.push('runbook_heading_levels', (state) => {
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 1)}`;
    }
  }
});

let purifier: ReturnType<typeof DOMPurify> | null = null;

/** One DOMPurify instance of our own (built at first use: it needs the DOM), so its hook stays local. */
function purify(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const instance = DOMPurify(window);
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = (node.getAttribute('href') ?? '').trim();
    if (EXTERNAL_LINK.test(href)) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else if (!CONSOLE_LINK.test(href)) {
      node.removeAttribute('href');
    }
  });
  purifier = instance;
  return instance;
}

/** `text` as a sanitized fragment: a document, or (inline) one line of a step. */
export function renderRunbookMarkdown(text: string, inline = false): DocumentFragment {
  const html = inline ? markdown.renderInline(text) : markdown.render(text);
  return purify().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'start'],
    ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
}

interface RunbookMarkdownProps {
  text: string;
  inline?: boolean;
  className?: string;
  testId?: string;
}

export function RunbookMarkdown({ text, inline = false, className, testId }: RunbookMarkdownProps) {
  const container = useRef<HTMLElement>(null);
  const fragment = useMemo(() => renderRunbookMarkdown(text, inline), [text, inline]);
  useLayoutEffect(() => {
    container.current?.replaceChildren(fragment.cloneNode(true));
  }, [fragment]);
  const classes = [inline ? 'runbook-inline' : 'runbook-prose', className].filter(Boolean).join(' ');
  return inline ? (
    <span ref={container as RefObject<HTMLSpanElement>} className={classes} data-testid={testId} />
  ) : (
    <div ref={container as RefObject<HTMLDivElement>} className={classes} data-testid={testId} />
  );
}
