import { AppError } from '@shipyard/core';
import type { EditorDb } from '../../db';
import {
  diffFiles,
  validateFileContent,
  validateProjectFiles,
  validateProjectPath,
  type TProjectLimits,
} from '../files';
import { isProtocolError } from '../protocol';
import { commitVersion, loadVersionFiles, newId } from './versions';

export interface TProjectServiceDeps {
  db: EditorDb;
  limits?: Partial<TProjectLimits>;
}

/** Turns a path or content rule violation into the user-facing error. */
export function asValidationError(error: unknown): never {
  if (isProtocolError(error))
    throw new AppError('VALIDATION', error.message, { details: { code: error.code } });
  throw error;
}

/** How many file hashes one cleanup statement checks after a project is deleted. */
const BLOB_SWEEP_CHUNK = 500;

export function createProjectService(deps: TProjectServiceDeps) {
  const { db } = deps;

  async function getProject(orgId: string, projectId: string) {
    const project = await db.project.findFirst({ where: { id: projectId, orgId } });
    if (!project) throw new AppError('NOT_FOUND', 'This project does not exist or was deleted.');
    return project;
  }

  async function getVersion(projectId: string, versionId: string) {
    const version = await db.projectVersion.findFirst({ where: { id: versionId, projectId } });
    if (!version) throw new AppError('NOT_FOUND', 'This version does not belong to the project.');
    return version;
  }

  return {
    getProject,

    async create(input: {
      orgId: string;
      userId: string;
      name: string;
      description?: string;
      files?: Record<string, string>;
    }) {
      const name = input.name.trim();
      if (!name) throw new AppError('VALIDATION', 'Give the project a name.');
      const project = await db.project.create({
        data: {
          id: newId('prj'),
          orgId: input.orgId,
          name: name.slice(0, 80),
          description: input.description ?? '',
          createdById: input.userId,
        },
      });
      if (input.files && Object.keys(input.files).length) {
        let files: Map<string, string>;
        try {
          files = validateProjectFiles(Object.entries(input.files), deps.limits);
        } catch (error) {
          await db.project.delete({ where: { id: project.id } });
          asValidationError(error);
        }
        await commitVersion(db, {
          projectId: project.id,
          parentVersionId: null,
          files,
          message: 'Created the project',
          authorId: input.userId,
          kind: 'create',
        });
      }
      return db.project.findUniqueOrThrow({ where: { id: project.id } });
    },

    async list(input: { orgId: string; search?: string; limit: number; cursor?: string }) {
      const rows = await db.project.findMany({
        where: {
          orgId: input.orgId,
          ...(input.search ? { name: { contains: input.search } } : {}),
        },
        orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
        take: input.limit + 1,
        ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      });
      const page = rows.slice(0, input.limit);
      return {
        items: page,
        nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    async rename(input: { orgId: string; projectId: string; name: string }) {
      await getProject(input.orgId, input.projectId);
      const name = input.name.trim();
      if (!name) throw new AppError('VALIDATION', 'Give the project a name.');
      return db.project.update({
        where: { id: input.projectId },
        data: { name: name.slice(0, 80) },
      });
    },

    async remove(input: { orgId: string; projectId: string }) {
      await getProject(input.orgId, input.projectId);
      // File contents are shared between versions (and projects) by hash: note the project's,
      // and after it is gone delete those no other version still uses.
      const used = await db.versionFile.findMany({
        where: { version: { projectId: input.projectId } },
        select: { blobHash: true },
        distinct: ['blobHash'],
      });
      await db.project.delete({ where: { id: input.projectId } });
      const hashes = used.map((u) => u.blobHash);
      for (let i = 0; i < hashes.length; i += BLOB_SWEEP_CHUNK) {
        await db.fileBlob.deleteMany({
          where: { hash: { in: hashes.slice(i, i + BLOB_SWEEP_CHUNK) }, files: { none: {} } },
        });
      }
      return { deleted: true };
    },

    async listFiles(input: { orgId: string; projectId: string; versionId?: string }) {
      const project = await getProject(input.orgId, input.projectId);
      const versionId = input.versionId ?? project.currentVersionId;
      if (input.versionId) await getVersion(project.id, input.versionId);
      const rows = versionId
        ? await db.versionFile.findMany({
            where: { versionId },
            include: { blob: { select: { size: true } } },
            orderBy: { path: 'asc' },
          })
        : [];
      return { versionId, files: rows.map((r) => ({ path: r.path, size: r.blob.size })) };
    },

    async readFiles(input: { orgId: string; projectId: string; versionId?: string }) {
      const project = await getProject(input.orgId, input.projectId);
      if (input.versionId) await getVersion(project.id, input.versionId);
      const versionId = input.versionId ?? project.currentVersionId;
      return { versionId, files: Object.fromEntries(await loadVersionFiles(db, versionId)) };
    },

    async readFile(input: { orgId: string; projectId: string; path: string; versionId?: string }) {
      const project = await getProject(input.orgId, input.projectId);
      const versionId = input.versionId ?? project.currentVersionId;
      if (input.versionId) await getVersion(project.id, input.versionId);
      const row = versionId
        ? await db.versionFile.findUnique({
            where: { versionId_path: { versionId, path: input.path } },
            include: { blob: true },
          })
        : null;
      if (!row) throw new AppError('NOT_FOUND', `${input.path} does not exist in this version.`);
      return { path: row.path, content: row.blob.content, versionId };
    },

    /** A manual change: writes, deletes and renames by hand become one new version. */
    async writeFiles(input: {
      orgId: string;
      projectId: string;
      userId: string;
      parentVersionId: string | null;
      writes?: Record<string, string>;
      deletes?: string[];
      message?: string;
    }) {
      await getProject(input.orgId, input.projectId);
      const files = await loadVersionFiles(db, input.parentVersionId);
      try {
        for (const [raw, content] of Object.entries(input.writes ?? {})) {
          const path = validateProjectPath(raw, deps.limits);
          validateFileContent(path, content, deps.limits);
          files.set(path, content);
        }
        for (const raw of input.deletes ?? []) {
          const path = validateProjectPath(raw, deps.limits);
          if (!files.delete(path))
            throw new AppError('NOT_FOUND', `${path} does not exist, so it cannot be deleted.`);
        }
      } catch (error) {
        asValidationError(error);
      }
      try {
        validateProjectFiles(files, deps.limits);
      } catch (error) {
        asValidationError(error);
      }
      const changed = [...Object.keys(input.writes ?? {}), ...(input.deletes ?? [])];
      const { version } = await commitVersion(db, {
        projectId: input.projectId,
        parentVersionId: input.parentVersionId,
        files,
        message:
          input.message?.trim() ||
          `Edited ${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''}`,
        authorId: input.userId,
        kind: 'manual',
      });
      return version;
    },

    async listVersions(input: {
      orgId: string;
      projectId: string;
      limit: number;
      cursor?: string;
    }) {
      await getProject(input.orgId, input.projectId);
      const rows = await db.projectVersion.findMany({
        where: { projectId: input.projectId },
        orderBy: { number: 'desc' },
        take: input.limit + 1,
        ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
      });
      const page = rows.slice(0, input.limit);
      return {
        items: page,
        nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
      };
    },

    async diffVersions(input: {
      orgId: string;
      projectId: string;
      fromVersionId: string | null;
      toVersionId: string;
    }) {
      await getProject(input.orgId, input.projectId);
      if (input.fromVersionId) await getVersion(input.projectId, input.fromVersionId);
      await getVersion(input.projectId, input.toVersionId);
      return diffFiles(
        await loadVersionFiles(db, input.fromVersionId),
        await loadVersionFiles(db, input.toVersionId),
      );
    },

    /** Restoring makes a new version with an old snapshot: history is never rewritten. */
    async restoreVersion(input: {
      orgId: string;
      projectId: string;
      userId: string;
      versionId: string;
      parentVersionId: string | null;
    }) {
      await getProject(input.orgId, input.projectId);
      const target = await getVersion(input.projectId, input.versionId);
      const files = await loadVersionFiles(db, target.id);
      const { version } = await commitVersion(db, {
        projectId: input.projectId,
        parentVersionId: input.parentVersionId,
        files,
        message: `Restored version ${target.number}`,
        authorId: input.userId,
        kind: 'restore',
      });
      return version;
    },

    async listMessages(input: { orgId: string; projectId: string; limit: number }) {
      await getProject(input.orgId, input.projectId);
      const rows = await db.chatMessage.findMany({
        where: { projectId: input.projectId },
        orderBy: { createdAt: 'desc' },
        take: input.limit,
      });
      return rows.reverse().map((m) => ({ ...m, changes: JSON.parse(m.changes) as unknown[] }));
    },
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;
