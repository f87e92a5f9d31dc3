export interface TTreeFolder {
  type: 'folder';
  name: string;
  path: string;
  children: TTreeNode[];
}

export interface TTreeFile {
  type: 'file';
  name: string;
  path: string;
}

export type TTreeNode = TTreeFolder | TTreeFile;

/** Builds a folder tree from file paths: folders first, then files, each sorted by name. */
export function buildFileTree(paths: Iterable<string>): TTreeNode[] {
  const root: TTreeFolder = { type: 'folder', name: '', path: '', children: [] };
  const folders = new Map<string, TTreeFolder>([['', root]]);
  for (const path of paths) {
    const parts = path.split('/');
    let parent = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const folderPath = parts.slice(0, i + 1).join('/');
      let folder = folders.get(folderPath);
      if (!folder) {
        folder = { type: 'folder', name: parts[i]!, path: folderPath, children: [] };
        folders.set(folderPath, folder);
        parent.children.push(folder);
      }
      parent = folder;
    }
    parent.children.push({ type: 'file', name: parts[parts.length - 1]!, path });
  }
  const sort = (nodes: TTreeNode[]) => {
    nodes.sort((a, b) => (a.type !== b.type ? (a.type === 'folder' ? -1 : 1) : a.name.localeCompare(b.name)));
    for (const node of nodes) if (node.type === 'folder') sort(node.children);
  };
  sort(root.children);
  return root.children;
}

/** The folders that contain `path` ("src/pages/a.tsx" → ["src", "src/pages"]). */
export function ancestorFolders(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}
