import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { css } from '@codemirror/lang-css';
import { html } from '@codemirror/lang-html';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { SQLite, sql } from '@codemirror/lang-sql';
import { bracketMatching, foldGutter, foldKeymap, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { EditorSelection, EditorState, type Extension } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  placeholder as placeholderExtension,
} from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { useEffect, useRef } from 'react';

/** The CodeMirror language support for a file, by extension. */
export function languageFor(path: string): Extension {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'ts':
      return javascript({ typescript: true });
    case 'tsx':
      return javascript({ typescript: true, jsx: true });
    case 'js':
    case 'mjs':
    case 'cjs':
      return javascript();
    case 'jsx':
      return javascript({ jsx: true });
    case 'css':
      return css();
    case 'html':
    case 'htm':
    case 'svg':
      return html();
    case 'json':
      return json();
    case 'sql':
      return sql({ dialect: SQLite });
    default:
      return [];
  }
}

const highlightStyle = HighlightStyle.define([
  { tag: [tags.keyword, tags.modifier, tags.operatorKeyword, tags.controlKeyword], color: '#7c3aed' },
  { tag: [tags.definitionKeyword, tags.moduleKeyword], color: '#7c3aed' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: '#0f7b4f' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: '#b45309' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: '#8a8f98', fontStyle: 'italic' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: '#2563eb' },
  { tag: [tags.typeName, tags.className, tags.namespace], color: '#0e7490' },
  { tag: [tags.tagName], color: '#be123c' },
  { tag: [tags.attributeName, tags.propertyName], color: '#4338ca' },
  { tag: [tags.definition(tags.variableName)], color: '#1f2937' },
  { tag: [tags.heading], fontWeight: '600' },
  { tag: tags.invalid, color: '#dc2626' },
]);

const theme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--sy-surface, #fff)', color: 'var(--sy-foreground, #1f2937)' },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': { fontFamily: 'var(--sy-font-mono, ui-monospace, monospace)', lineHeight: '1.6' },
  '.cm-content': { padding: '10px 0', caretColor: 'var(--sy-accent, #4f46e5)' },
  '.cm-gutters': {
    backgroundColor: 'var(--sy-surface, #fff)',
    color: 'var(--sy-subtle-foreground, #9ca3af)',
    border: 'none',
    paddingLeft: '4px',
  },
  '.cm-lineNumbers .cm-gutterElement': { padding: '0 12px 0 8px', minWidth: '32px' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in oklch, var(--sy-accent, #4f46e5) 5%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'transparent', color: 'var(--sy-foreground, #1f2937)' },
  '.cm-selectionBackground, &.cm-focused .cm-selectionBackground, ::selection': {
    backgroundColor: 'color-mix(in oklch, var(--sy-accent, #4f46e5) 18%, transparent) !important',
  },
  '.cm-matchingBracket': { backgroundColor: 'color-mix(in oklch, var(--sy-accent, #4f46e5) 14%, transparent)', outline: 'none' },
  '.cm-foldGutter .cm-gutterElement': { color: 'var(--sy-subtle-foreground, #9ca3af)', padding: '0 4px' },
  '.cm-tooltip': { border: '1px solid var(--sy-border, #e5e7eb)', borderRadius: '6px', backgroundColor: 'var(--sy-surface, #fff)' },
  '.cm-panels': { backgroundColor: 'var(--sy-muted, #f4f4f5)', borderColor: 'var(--sy-border, #e5e7eb)' },
});

export interface TCodeEditorProps {
  /** The open file; the editor keeps one undo history per path. */
  path: string;
  value: string;
  onChange(path: string, value: string): void;
  onSave(): void;
  readOnly?: boolean;
  /** Moves the cursor to a 1-based line (and column) when `nonce` changes. */
  jumpTo?: { line: number; column?: number; nonce: number } | null;
  label?: string;
}

/** CodeMirror 6 with syntax highlighting, per-file undo history and Ctrl/Cmd+S to save. */
export function CodeEditor({ path, value, onChange, onSave, readOnly = false, jumpTo, label }: TCodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const states = useRef(new Map<string, EditorState>());
  const currentPath = useRef(path);
  const handlers = useRef({ onChange, onSave });
  handlers.current = { onChange, onSave };

  const makeState = (forPath: string, doc: string, isReadOnly: boolean) =>
    EditorState.create({
      doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        autocompletion({ activateOnTyping: false }),
        highlightActiveLine(),
        highlightSelectionMatches(),
        syntaxHighlighting(highlightStyle),
        languageFor(forPath),
        EditorState.tabSize.of(2),
        EditorState.readOnly.of(isReadOnly),
        EditorView.editable.of(!isReadOnly),
        placeholderExtension('Empty file'),
        keymap.of([
          { key: 'Mod-s', preventDefault: true, run: () => (handlers.current.onSave(), true) },
          ...closeBracketsKeymap,
          ...defaultKeymap,
          ...searchKeymap,
          ...historyKeymap,
          ...foldKeymap,
          ...completionKeymap,
          indentWithTab,
        ]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) handlers.current.onChange(forPath, update.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': label ?? `Code of ${forPath}` }),
        theme,
      ],
    });

  useEffect(() => {
    const v = new EditorView({ state: makeState(path, value, readOnly), parent: host.current! });
    // The scrolling box must be reachable by keyboard (WCAG 2.1.1), also when the code is read-only.
    v.scrollDOM.tabIndex = 0;
    v.scrollDOM.setAttribute('aria-label', 'Code (scrollable)');
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The view is created once; path and value changes are handled below.
  }, []);

  // Switching files: keep the old file's state (undo history, selection), restore or create the new one.
  useEffect(() => {
    const v = view.current;
    if (!v || currentPath.current === path) return;
    states.current.set(currentPath.current, v.state);
    currentPath.current = path;
    const cached = states.current.get(path);
    v.setState(cached && cached.doc.toString() === value && cached.readOnly === readOnly ? cached : makeState(path, value, readOnly));
  }, [path]);

  // A new value from outside (a new version, a reload): replace the text, keep the history.
  useEffect(() => {
    const v = view.current;
    if (!v || currentPath.current !== path) return;
    const doc = v.state.doc.toString();
    if (doc === value) return;
    const head = Math.min(v.state.selection.main.head, value.length);
    v.dispatch({ changes: { from: 0, to: doc.length, insert: value }, selection: EditorSelection.cursor(head) });
  }, [path, value]);

  useEffect(() => {
    const v = view.current;
    if (!v || v.state.readOnly === readOnly) return;
    v.setState(makeState(path, v.state.doc.toString(), readOnly));
  }, [readOnly]);

  useEffect(() => {
    const v = view.current;
    if (!v || !jumpTo) return;
    const lineNo = Math.max(1, Math.min(jumpTo.line, v.state.doc.lines));
    const line = v.state.doc.line(lineNo);
    const pos = Math.min(line.from + Math.max(0, (jumpTo.column ?? 1) - 1), line.to);
    v.dispatch({ selection: EditorSelection.cursor(pos), effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
    v.focus();
  }, [jumpTo]);

  return <div ref={host} className="h-full min-h-0 overflow-hidden" data-path={path} />;
}
