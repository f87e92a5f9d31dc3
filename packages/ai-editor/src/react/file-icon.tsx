import { cn } from '@shipyard/ui/utils';
import { BracesIcon, DatabaseIcon, FileCodeIcon, FileIcon, FileImageIcon, FileTextIcon, GlobeIcon, PaletteIcon, SettingsIcon } from 'lucide-react';

type TFileType = { icon: typeof FileIcon; className: string; label: string };

const TYPES: Record<string, TFileType> = {
  tsx: { icon: FileCodeIcon, className: 'text-sky-600', label: 'TypeScript React' },
  ts: { icon: FileCodeIcon, className: 'text-blue-600', label: 'TypeScript' },
  jsx: { icon: FileCodeIcon, className: 'text-amber-500', label: 'JavaScript React' },
  js: { icon: FileCodeIcon, className: 'text-amber-500', label: 'JavaScript' },
  mjs: { icon: FileCodeIcon, className: 'text-amber-500', label: 'JavaScript' },
  css: { icon: PaletteIcon, className: 'text-pink-600', label: 'CSS' },
  html: { icon: GlobeIcon, className: 'text-orange-600', label: 'HTML' },
  json: { icon: BracesIcon, className: 'text-yellow-600', label: 'JSON' },
  sql: { icon: DatabaseIcon, className: 'text-emerald-600', label: 'SQL' },
  md: { icon: FileTextIcon, className: 'text-slate-500', label: 'Markdown' },
  txt: { icon: FileTextIcon, className: 'text-slate-500', label: 'Text' },
  svg: { icon: FileImageIcon, className: 'text-violet-600', label: 'SVG image' },
};

const MANIFEST: TFileType = { icon: SettingsIcon, className: 'text-indigo-600', label: 'Shipyard manifest' };
const OTHER: TFileType = { icon: FileIcon, className: 'text-muted-foreground', label: 'File' };

export function fileTypeOf(path: string): TFileType {
  if (path === 'shipyard.json' || path.endsWith('/shipyard.json')) return MANIFEST;
  const dot = path.lastIndexOf('.');
  return (dot >= 0 && TYPES[path.slice(dot + 1).toLowerCase()]) || OTHER;
}

export function FileTypeIcon({ path, className }: { path: string; className?: string }) {
  const type = fileTypeOf(path);
  const Icon = type.icon;
  return <Icon aria-hidden className={cn('size-4 shrink-0', type.className, className)} />;
}
