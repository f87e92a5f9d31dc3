import { Badge } from '@shipyard/ui';
import { cn } from '@shipyard/ui/utils';
import { ChevronRightIcon } from 'lucide-react';
import { useState } from 'react';
import type { TFileDiff } from './api';
import { FileTypeIcon } from './file-icon';

export type TDiffRow =
  | { type: 'hunk'; text: string }
  | { type: 'context' | 'added' | 'removed'; oldLine: number | null; newLine: number | null; text: string }
  | { type: 'note'; text: string };

/** Parses a unified diff (as `versions.diff` returns per file) into rows with line numbers. */
export function parseUnifiedDiff(patch: string): TDiffRow[] {
  const rows: TDiffRow[] = [];
  let oldLine = 0;
  let newLine = 0;
  const lines = patch.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    if (line.startsWith('--- ') || line.startsWith('+++ ')) continue;
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/.exec(line);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      rows.push({ type: 'hunk', text: line });
      continue;
    }
    const marker = line[0];
    const text = line.slice(1);
    if (marker === '+') rows.push({ type: 'added', oldLine: null, newLine: newLine++, text });
    else if (marker === '-') rows.push({ type: 'removed', oldLine: oldLine++, newLine: null, text });
    else if (marker === '\\') rows.push({ type: 'note', text: line.slice(2) });
    else rows.push({ type: 'context', oldLine: oldLine++, newLine: newLine++, text });
  }
  return rows;
}

const STATUS_BADGE = {
  added: { variant: 'success', label: 'Added' },
  deleted: { variant: 'danger', label: 'Deleted' },
  modified: { variant: 'accent', label: 'Modified' },
  renamed: { variant: 'warning', label: 'Renamed' },
} as const;

export function DiffStat({ added, removed, className }: { added: number; removed: number; className?: string }) {
  return (
    <span className={cn('inline-flex items-center gap-1.5 font-mono text-xs tabular-nums', className)}>
      <span className="text-success-subtle-foreground" aria-label={`${added} lines added`}>
        +{added}
      </span>
      <span className="text-danger-subtle-foreground" aria-label={`${removed} lines removed`}>
        −{removed}
      </span>
    </span>
  );
}

/** One file's unified diff with old/new line numbers and added/removed colours. */
export function FileDiffView({ file, defaultOpen = true, onOpenFile }: { file: TFileDiff; defaultOpen?: boolean; onOpenFile?: (path: string) => void }) {
  const [open, setOpen] = useState(defaultOpen);
  const rows = file.patch ? parseUnifiedDiff(file.patch) : [];
  const badge = STATUS_BADGE[file.status];
  return (
    <section className="overflow-hidden rounded-lg border border-border bg-surface" aria-label={`Changes in ${file.path}`} data-diff-file={file.path}>
      <header className="flex items-center gap-2 border-b border-border bg-muted/60 px-3 py-2">
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          aria-label={open ? `Collapse ${file.path}` : `Expand ${file.path}`}
          className="rounded p-0.5 text-muted-foreground outline-none hover:bg-border/60 focus-visible:ring-[3px] focus-visible:ring-ring"
        >
          <ChevronRightIcon className={cn('size-4 transition-transform', open && 'rotate-90')} aria-hidden />
        </button>
        <FileTypeIcon path={file.path} />
        <span className="min-w-0 truncate font-mono text-[12.5px] font-medium">
          {file.previousPath ? `${file.previousPath} → ` : ''}
          {file.path}
        </span>
        <Badge variant={badge.variant} className="ml-1">
          {badge.label}
        </Badge>
        <span className="ml-auto flex items-center gap-3">
          <DiffStat added={file.added} removed={file.removed} />
          {onOpenFile && file.status !== 'deleted' ? (
            <button
              type="button"
              className="rounded px-1.5 py-0.5 text-xs font-medium text-accent outline-none hover:bg-accent-subtle focus-visible:ring-[3px] focus-visible:ring-ring"
              onClick={() => onOpenFile(file.path)}
            >
              Open file
            </button>
          ) : null}
        </span>
      </header>
      {open ? (
        rows.length ? (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse font-mono text-[12px] leading-[1.6]">
              <tbody>
                {rows.map((row, i) =>
                  row.type === 'hunk' ? (
                    <tr key={i} className="bg-accent-subtle/60 text-accent-subtle-foreground">
                      <td colSpan={3} className="px-3 py-0.5 select-none">
                        {row.text}
                      </td>
                    </tr>
                  ) : row.type === 'note' ? (
                    <tr key={i} className="text-muted-foreground">
                      <td colSpan={3} className="px-3 italic">
                        {row.text}
                      </td>
                    </tr>
                  ) : (
                    <tr
                      key={i}
                      data-diff-row={row.type}
                      className={cn(
                        row.type === 'added' && 'bg-success-subtle text-success-subtle-foreground',
                        row.type === 'removed' && 'bg-danger-subtle text-danger-subtle-foreground',
                      )}
                    >
                      <td className="w-10 border-r border-border/70 px-2 text-right text-subtle-foreground select-none tabular-nums">{row.oldLine ?? ''}</td>
                      <td className="w-10 border-r border-border/70 px-2 text-right text-subtle-foreground select-none tabular-nums">{row.newLine ?? ''}</td>
                      <td className="px-3 whitespace-pre">
                        <span className="inline-block w-3 select-none" aria-hidden>
                          {row.type === 'added' ? '+' : row.type === 'removed' ? '−' : ' '}
                        </span>
                        <span className="sr-only">{row.type === 'added' ? 'Added: ' : row.type === 'removed' ? 'Removed: ' : ''}</span>
                        {row.text}
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="px-3 py-3 text-sm text-muted-foreground">{file.status === 'renamed' ? 'Renamed without changes.' : 'No line changes.'}</p>
        )
      ) : null}
    </section>
  );
}
