import { createHash, randomUUID } from 'node:crypto';
import { AppError } from '@shipyard/core';
import type { EditorDb } from '../../db';
import { diffFiles } from '../files';

export type TVersionKind = 'create' | 'generation' | 'manual' | 'restore' | 'import';

export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

function blobHash(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** The files of a version, path → content. */
export async function loadVersionFiles(
  db: EditorDb,
  versionId: string | null,
): Promise<Map<string, string>> {
  if (!versionId) return new Map();
  const rows = await db.versionFile.findMany({
    where: { versionId },
    include: { blob: { select: { content: true } } },
  });
  return new Map(
    rows.sort((a, b) => a.path.localeCompare(b.path)).map((r) => [r.path, r.blob.content]),
  );
}

/**
 * Commits a new immutable version on top of `parentVersionId`. The head moves only if it is
 * still the parent: a write based on a stale version is rejected, never silently overwritten.
 */
export async function commitVersion(
  db: EditorDb,
  input: {
    projectId: string;
    parentVersionId: string | null;
    files: ReadonlyMap<string, string>;
    message: string;
    authorId: string;
    kind: TVersionKind;
    generationId?: string;
  },
) {
  const before = await loadVersionFiles(db, input.parentVersionId);
  const diff = diffFiles(before, input.files, { patch: false });
  const id = newId('ver');
  const hashes = new Map<string, string>();
  for (const [path, content] of input.files) hashes.set(path, blobHash(content));

  return db.$transaction(async (tx) => {
    const moved = await tx.project.updateMany({
      where: { id: input.projectId, currentVersionId: input.parentVersionId },
      data: { currentVersionId: id },
    });
    if (moved.count !== 1) {
      throw new AppError(
        'CONFLICT',
        'The project changed since you opened this version (another edit was saved). Reload to get the latest version, then make your change again.',
        { details: { reason: 'STALE_PARENT' } },
      );
    }
    const last = await tx.projectVersion.findFirst({
      where: { projectId: input.projectId },
      orderBy: { number: 'desc' },
      select: { number: true },
    });
    const uniqueBlobs = new Map<string, string>();
    for (const [path, content] of input.files) uniqueBlobs.set(hashes.get(path)!, content);
    const existing = new Set(
      (
        await tx.fileBlob.findMany({
          where: { hash: { in: [...uniqueBlobs.keys()] } },
          select: { hash: true },
        })
      ).map((b) => b.hash),
    );
    const missing = [...uniqueBlobs].filter(([hash]) => !existing.has(hash));
    if (missing.length) {
      await tx.fileBlob.createMany({
        data: missing.map(([hash, content]) => ({
          hash,
          content,
          size: Buffer.byteLength(content, 'utf8'),
        })),
      });
    }
    const version = await tx.projectVersion.create({
      data: {
        id,
        projectId: input.projectId,
        number: (last?.number ?? 0) + 1,
        parentId: input.parentVersionId,
        message: input.message.slice(0, 500),
        authorId: input.authorId,
        kind: input.kind,
        generationId: input.generationId ?? null,
        filesAdded: diff.files.filter((f) => f.status === 'added').length,
        filesChanged: diff.files.filter((f) => f.status === 'modified' || f.status === 'renamed')
          .length,
        filesDeleted: diff.files.filter((f) => f.status === 'deleted').length,
        linesAdded: diff.added,
        linesRemoved: diff.removed,
      },
    });
    if (input.files.size) {
      await tx.versionFile.createMany({
        data: [...input.files.keys()].map((path) => ({
          versionId: id,
          path,
          blobHash: hashes.get(path)!,
        })),
      });
    }
    return { version, diff };
  });
}
