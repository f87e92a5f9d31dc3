import { cn } from '@shipyard/ui/utils';
import { ChevronRightIcon, FolderIcon, FolderOpenIcon } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { FileTypeIcon } from './file-icon';
import { ancestorFolders, buildFileTree, type TTreeNode } from './tree';

export interface TFileTreeProps {
  paths: readonly string[];
  openPath: string | null;
  /** Paths with unsaved edits (shown with a dot). */
  modified: ReadonlySet<string>;
  onOpen(path: string): void;
}

/** The project's files as collapsible folders; buttons all the way down, so Tab and Enter work. */
export function FileTree({ paths, openPath, modified, onOpen }: TFileTreeProps) {
  const tree = useMemo(() => buildFileTree(paths), [paths]);
  // Folders start open; the user's collapses are remembered.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set());

  useEffect(() => {
    if (!openPath) return;
    const folders = ancestorFolders(openPath);
    setCollapsed((c) => (folders.some((f) => c.has(f)) ? new Set([...c].filter((f) => !folders.includes(f))) : c));
  }, [openPath]);

  const toggle = (path: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const render = (nodes: TTreeNode[], depth: number) => (
    <ul className="grid">
      {nodes.map((node) => {
        const pad = { paddingLeft: `${8 + depth * 14}px` };
        if (node.type === 'folder') {
          const open = !collapsed.has(node.path);
          const FolderGlyph = open ? FolderOpenIcon : FolderIcon;
          return (
            <li key={node.path}>
              <button
                type="button"
                aria-expanded={open}
                onClick={() => toggle(node.path)}
                style={pad}
                className="flex h-7 w-full items-center gap-1.5 rounded-md pr-2 text-left text-[13px] text-foreground outline-none hover:bg-muted focus-visible:ring-[3px] focus-visible:ring-ring focus-visible:ring-inset"
              >
                <ChevronRightIcon className={cn('size-3.5 shrink-0 text-subtle-foreground transition-transform', open && 'rotate-90')} aria-hidden />
                <FolderGlyph className="size-4 shrink-0 text-accent/70" aria-hidden />
                <span className="truncate">{node.name}</span>
              </button>
              {open ? render(node.children, depth + 1) : null}
            </li>
          );
        }
        const active = node.path === openPath;
        const dirty = modified.has(node.path);
        return (
          <li key={node.path}>
            <button
              type="button"
              onClick={() => onOpen(node.path)}
              aria-current={active ? 'true' : undefined}
              title={node.path}
              style={{ paddingLeft: `${8 + depth * 14 + 20}px` }}
              data-file-path={node.path}
              className={cn(
                'flex h-7 w-full items-center gap-1.5 rounded-md pr-2 text-left text-[13px] outline-none focus-visible:ring-[3px] focus-visible:ring-ring focus-visible:ring-inset',
                active ? 'bg-accent-subtle font-medium text-accent-subtle-foreground' : 'text-foreground hover:bg-muted',
              )}
            >
              <FileTypeIcon path={node.path} />
              <span className="min-w-0 flex-1 truncate">{node.name}</span>
              {dirty ? (
                <span className="size-1.5 shrink-0 rounded-full bg-warning" aria-label="unsaved changes" role="img" />
              ) : null}
            </button>
          </li>
        );
      })}
    </ul>
  );

  return (
    <nav aria-label="Project files" className="py-1.5">
      {render(tree, 0)}
    </nav>
  );
}
