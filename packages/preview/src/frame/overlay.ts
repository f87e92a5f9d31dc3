import type { TPreviewProblem } from '../protocol.js';

/**
 * The error overlay inside the frame. It lives in a shadow root attached to <html> (outside
 * <body>, which each code swap replaces), and is built with textContent only: error text is
 * never parsed as markup.
 */
export interface TOverlay {
  show(problems: TPreviewProblem[]): void;
  hide(): void;
  readonly visible: boolean;
}

const STYLE = `
:host { all: initial; }
.backdrop { position: fixed; inset: 0; z-index: 2147483647; background: rgba(15, 23, 42, 0.72); display: flex;
  align-items: flex-start; justify-content: center; padding: 32px 16px; box-sizing: border-box; overflow: auto;
  font: 14px/1.5 ui-sans-serif, system-ui, -apple-system, 'Segoe UI', sans-serif; }
.panel { background: #fff; color: #0f172a; width: min(880px, 100%); border-radius: 10px; border-top: 6px solid #dc2626;
  box-shadow: 0 20px 50px rgba(0, 0, 0, 0.35); padding: 20px 24px; box-sizing: border-box; }
h2 { margin: 0 0 12px; font-size: 18px; color: #b91c1c; }
.problem { border-top: 1px solid #e2e8f0; padding: 12px 0; }
.problem:first-of-type { border-top: 0; }
.where { font: 600 13px ui-monospace, SFMono-Regular, Menlo, monospace; color: #334155; }
pre { margin: 6px 0 0; white-space: pre-wrap; word-break: break-word; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
.message { color: #0f172a; }
.code { background: #f1f5f9; border-radius: 6px; padding: 8px 10px; color: #334155; }
.stack { color: #64748b; font-size: 12px; }
.actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 12px; }
button { font: 600 13px ui-sans-serif, system-ui, sans-serif; border-radius: 6px; padding: 7px 14px; cursor: pointer;
  border: 1px solid #cbd5e1; background: #fff; color: #0f172a; }
button.fix { background: #4f46e5; border-color: #4f46e5; color: #fff; }
`;

const TITLES: Record<TPreviewProblem['kind'], string> = {
  build: 'Build failed',
  database: 'Database error',
  runtime: 'Runtime error',
  'unhandled-rejection': 'Unhandled promise rejection',
  render: 'Render error',
  api: 'API error',
  timeout: 'The app stopped responding',
};

export function location(problem: TPreviewProblem): string {
  if (!problem.file) return '';
  return problem.line === null ? problem.file : `${problem.file}:${problem.line}${problem.column === null ? '' : `:${problem.column}`}`;
}

export function createOverlay(actions: { onFix(problem: TPreviewProblem): void }): TOverlay {
  const host = document.createElement('shipyard-preview-overlay');
  host.setAttribute('data-shipyard-preview', 'overlay');
  const shadow = host.attachShadow({ mode: 'open' });
  let visible = false;

  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  return {
    get visible() {
      return visible;
    },
    show(problems) {
      const first = problems[0];
      if (!first) return this.hide();
      shadow.replaceChildren();
      const style = el('style');
      style.textContent = STYLE;
      const backdrop = el('div', 'backdrop');
      backdrop.setAttribute('role', 'alertdialog');
      backdrop.setAttribute('aria-label', TITLES[first.kind]);
      const panel = el('div', 'panel');
      panel.append(el('h2', undefined, problems.length > 1 ? `${TITLES[first.kind]} (${problems.length} problems)` : TITLES[first.kind]));
      for (const problem of problems.slice(0, 10)) {
        const item = el('section', 'problem');
        const where = location(problem);
        if (where) item.append(el('div', 'where', where));
        item.append(el('pre', 'message', problem.message));
        if (problem.lineText) item.append(el('pre', 'code', `${problem.line ?? ''} | ${problem.lineText}`));
        if (problem.stack) item.append(el('pre', 'stack', problem.stack));
        panel.append(item);
      }
      const buttons = el('div', 'actions');
      const dismiss = el('button', undefined, 'Dismiss');
      dismiss.type = 'button';
      dismiss.addEventListener('click', () => this.hide());
      const fix = el('button', 'fix', 'Fix with AI');
      fix.type = 'button';
      fix.addEventListener('click', () => actions.onFix(first));
      buttons.append(dismiss, fix);
      panel.append(buttons);
      backdrop.append(panel);
      shadow.append(style, backdrop);
      if (!host.isConnected) document.documentElement.append(host);
      visible = true;
    },
    hide() {
      host.remove();
      visible = false;
    },
  };
}
