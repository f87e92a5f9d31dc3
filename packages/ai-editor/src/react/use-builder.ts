import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  builderErrorCode,
  builderErrorMessage,
  type TBuilderApi,
  type TBuilderFileChange,
  type TBuilderGeneration,
  type TBuilderMessage,
  type TBuilderProject,
  type TBuilderProvider,
  type TBuilderVersion,
  type TGenerationEvent,
  type TGenerationKind,
  type TGenerationProgress,
  type TProjectDiff,
} from './api';
import { toDate } from './format';

export type TLiveStatus = 'starting' | 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The chat turn being generated right now. */
export interface TLiveTurn {
  prompt: string;
  kind: TGenerationKind;
  generationId: string | null;
  status: TLiveStatus;
  progress: TGenerationProgress | null;
  reply: string;
  error: string | null;
  cancelling: boolean;
  startedAt: number;
}

export interface TSnapshot {
  versionId: string | null;
  files: Record<string, string>;
}

export interface TNotice {
  id: number;
  variant: 'danger' | 'warning' | 'success' | 'info';
  title: string;
  message?: string;
}

export interface TChatProblem {
  code: string | null;
  title: string;
  message: string;
}

export interface TDiffState {
  version: TBuilderVersion;
  focusPath: string | null;
  diff: TProjectDiff | null;
  error: string | null;
}

const TERMINAL: readonly TLiveStatus[] = ['succeeded', 'failed', 'cancelled'];

export function isLive(turn: TLiveTurn | null): boolean {
  return !!turn && !TERMINAL.includes(turn.status);
}

/** A message's `changes`, keeping only well-formed entries. */
export function changesOf(message: TBuilderMessage): TBuilderFileChange[] {
  const kinds = new Set(['added', 'deleted', 'modified', 'renamed']);
  return message.changes.flatMap((c) => {
    if (typeof c !== 'object' || c === null) return [];
    const v = c as Record<string, unknown>;
    if (typeof v.path !== 'string' || typeof v.kind !== 'string' || !kinds.has(v.kind)) return [];
    return [
      {
        path: v.path,
        kind: v.kind as TBuilderFileChange['kind'],
        linesAdded: typeof v.linesAdded === 'number' ? v.linesAdded : 0,
        linesRemoved: typeof v.linesRemoved === 'number' ? v.linesRemoved : 0,
        ...(typeof v.previousPath === 'string' ? { previousPath: v.previousPath } : {}),
      },
    ];
  });
}

function withoutKeys(record: Record<string, string>, keep: (path: string, text: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  let changed = false;
  for (const [path, text] of Object.entries(record)) {
    if (keep(path, text)) out[path] = text;
    else changed = true;
  }
  return changed ? out : record;
}

function base64FromBytes(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function bytesFromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The largest ZIP the server accepts (its base64 input limit is 28 MB). */
export const MAX_ZIP_BYTES = 20 * 1024 * 1024;

/**
 * The builder's state and actions for one project: files and unsaved edits, versions, chat and
 * the running generation. Every change goes through `api`; nothing is assumed to have
 * succeeded until the server says so.
 */
export function useBuilder(api: TBuilderApi) {
  const [loadState, setLoadState] = useState<{ status: 'loading' | 'ready' | 'error'; error?: string }>({ status: 'loading' });
  const [project, setProject] = useState<TBuilderProject | null>(null);
  const [head, setHeadState] = useState<TSnapshot>({ versionId: null, files: {} });
  const [versions, setVersions] = useState<readonly TBuilderVersion[]>([]);
  const [messages, setMessages] = useState<readonly TBuilderMessage[]>([]);
  const [providers, setProviders] = useState<readonly TBuilderProvider[]>([]);
  const [providerId, setProviderId] = useState<string | null>(null);
  const [model, setModel] = useState<string | null>(null);
  const [live, setLiveState] = useState<TLiveTurn | null>(null);
  const [chatProblem, setChatProblem] = useState<TChatProblem | null>(null);
  const [stats, setStats] = useState<Record<string, TBuilderGeneration>>({});
  const [drafts, setDraftsState] = useState<Record<string, string>>({});
  const [draftBase, setDraftBaseState] = useState<TSnapshot | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [changedUnderneath, setChangedUnderneath] = useState<string[]>([]);
  const [notices, setNotices] = useState<TNotice[]>([]);
  const [diff, setDiff] = useState<TDiffState | null>(null);
  const [busyAction, setBusyAction] = useState<'restore' | 'export' | 'import' | 'reload' | null>(null);

  // Async flows read the latest values through refs.
  const headRef = useRef(head);
  const liveRef = useRef(live);
  const draftsRef = useRef(drafts);
  const draftBaseRef = useRef(draftBase);
  const apiRef = useRef(api);
  apiRef.current = api;
  const versionsRef = useRef(versions);
  versionsRef.current = versions;
  const unsubscribe = useRef<(() => void) | null>(null);
  const mounted = useRef(true);
  const noticeId = useRef(0);
  const savingRef = useRef(false);

  const setHead = (snapshot: TSnapshot) => {
    headRef.current = snapshot;
    setHeadState(snapshot);
  };
  const setLive = (update: TLiveTurn | null | ((turn: TLiveTurn | null) => TLiveTurn | null)) => {
    const next = typeof update === 'function' ? update(liveRef.current) : update;
    liveRef.current = next;
    setLiveState(next);
  };
  const setDrafts = (next: Record<string, string>) => {
    draftsRef.current = next;
    setDraftsState(next);
    if (!Object.keys(next).length && draftBaseRef.current) setDraftBase(null);
  };
  const setDraftBase = (next: TSnapshot | null) => {
    draftBaseRef.current = next;
    setDraftBaseState(next);
  };

  const notify = useCallback((notice: Omit<TNotice, 'id'>) => {
    noticeId.current += 1;
    const id = noticeId.current;
    setNotices((list) => [...list.filter((n) => n.title !== notice.title).slice(-2), { ...notice, id }]);
    if (notice.variant === 'success') setTimeout(() => setNotices((list) => list.filter((n) => n.id !== id)), 5000);
  }, []);
  const dismissNotice = useCallback((id: number) => setNotices((list) => list.filter((n) => n.id !== id)), []);

  const loadStats = useCallback((generationIds: string[]) => {
    for (const id of generationIds) {
      apiRef.current.getGeneration(id).then(
        (generation) => mounted.current && setStats((s) => ({ ...s, [id]: generation })),
        // Usage figures are a detail of the turn; a failed lookup leaves them out.
        () => undefined,
      );
    }
  }, []);

  /** Reloads the head files, the version list and the chat. */
  const refresh = useCallback(async () => {
    const [files, versionList, messageList] = await Promise.all([
      apiRef.current.readAll(),
      apiRef.current.listVersions(),
      apiRef.current.listMessages(),
    ]);
    if (!mounted.current) return null;
    setHead({ versionId: files.versionId, files: files.files });
    versionsRef.current = versionList.items;
    setVersions(versionList.items);
    return messageList;
  }, []);

  const finishGeneration = useCallback(
    async (generationId: string, event: Extract<TGenerationEvent, { type: 'status' }> | null, streamError?: unknown) => {
      unsubscribe.current?.();
      unsubscribe.current = null;
      const status: TLiveStatus =
        event && TERMINAL.includes(event.status as TLiveStatus) ? (event.status as TLiveStatus) : 'failed';
      const error = event
        ? (event.error ?? (TERMINAL.includes(event.status as TLiveStatus) ? null : `The generation stopped reporting progress (status: ${event.status}). Reload the page to see its result.`))
        : `Lost the live progress of this generation: ${builderErrorMessage(streamError)} Reload the page to see its result.`;
      setLive((turn) =>
        turn && turn.generationId === generationId
          ? { ...turn, status, error, reply: event?.reply || turn.reply, cancelling: false }
          : turn,
      );
      try {
        const [messageList, generation] = await Promise.all([
          refresh(),
          apiRef.current.getGeneration(generationId).catch(() => null),
        ]);
        if (!messageList) return;
        if (generation) setStats((s) => ({ ...s, [generationId]: generation }));
        const persisted = messageList.some((m) => m.generationId === generationId && m.role === 'assistant');
        setMessages(messageList);
        // The saved turn replaces the live one; if it is not there yet, keep showing the live turn.
        if (persisted && event) setLive((turn) => (turn?.generationId === generationId ? null : turn));
      } catch (refreshError) {
        notify({ variant: 'danger', title: 'Could not load the latest version', message: builderErrorMessage(refreshError) });
      }
    },
    [notify, refresh],
  );

  const follow = useCallback(
    (generationId: string) => {
      unsubscribe.current?.();
      let done = false;
      unsubscribe.current = apiRef.current.subscribeGeneration(
        generationId,
        (event) => {
          if (done || !mounted.current) return;
          if (event.type === 'progress') {
            setLive((turn) =>
              turn && turn.generationId === generationId
                ? { ...turn, status: 'running', progress: event.progress, reply: event.progress.reply }
                : turn,
            );
          } else {
            done = true;
            void finishGeneration(generationId, event);
          }
        },
        (error) => {
          if (done || !mounted.current) return;
          done = true;
          void finishGeneration(generationId, null, error);
        },
      );
    },
    [finishGeneration],
  );

  // First load.
  useEffect(() => {
    mounted.current = true;
    let cancelled = false;
    (async () => {
      try {
        const load = apiRef.current;
        const [proj, files, versionList, messageList, providerList] = await Promise.all([
          load.getProject(),
          load.readAll(),
          load.listVersions(),
          load.listMessages(),
          load.providers(),
        ]);
        if (cancelled) return;
        setProject(proj);
        setHead({ versionId: files.versionId, files: files.files });
        setVersions(versionList.items);
        setProviders(providerList);
        const chosen = providerList.find((p) => p.isDefault) ?? providerList[0];
        if (chosen) {
          setProviderId(chosen.id);
          setModel(chosen.defaultModel);
        }
        // A generation still holding the project (a reload mid-generation): follow it again.
        const lock = proj as TBuilderProject & { lockedBy?: string | null; lockedUntil?: Date | string | null };
        const running =
          lock.lockedBy && lock.lockedUntil && toDate(lock.lockedUntil).getTime() > Date.now()
            ? messageList.find((m) => m.role === 'user' && m.generationId === lock.lockedBy)
            : undefined;
        if (running && !messageList.some((m) => m.role === 'assistant' && m.generationId === lock.lockedBy)) {
          setMessages(messageList.filter((m) => m !== running));
          setLive({
            prompt: running.content,
            kind: 'edit',
            generationId: running.generationId,
            status: 'queued',
            progress: null,
            reply: '',
            error: null,
            cancelling: false,
            startedAt: toDate(running.createdAt).getTime(),
          });
          follow(running.generationId!);
        } else setMessages(messageList);
        loadStats(
          messageList
            .filter((m) => m.role === 'assistant' && m.generationId)
            .slice(-20)
            .map((m) => m.generationId!),
        );
        setLoadState({ status: 'ready' });
      } catch (error) {
        if (!cancelled) setLoadState({ status: 'error', error: builderErrorMessage(error, 'The project could not be loaded.') });
      }
    })();
    return () => {
      cancelled = true;
      mounted.current = false;
      unsubscribe.current?.();
      unsubscribe.current = null;
    };
    // Loads once: the host switches projects by remounting (a new `key`), so an api object
    // recreated on every render cannot cause a reload loop.
  }, [follow, loadStats]);

  const selectProvider = useCallback(
    (id: string) => {
      const provider = providers.find((p) => p.id === id);
      if (!provider) return;
      setProviderId(id);
      setModel(provider.defaultModel);
    },
    [providers],
  );

  /** Sends a prompt. Resolves true when the generation started (the composer can clear). */
  const send = useCallback(
    async (prompt: string, kind?: TGenerationKind): Promise<boolean> => {
      const text = prompt.trim();
      if (!text || isLive(liveRef.current)) return false;
      const k = kind ?? (Object.keys(headRef.current.files).length ? 'edit' : 'create');
      setChatProblem(null);
      setLive({ prompt: text, kind: k, generationId: null, status: 'starting', progress: null, reply: '', error: null, cancelling: false, startedAt: Date.now() });
      try {
        const result = await apiRef.current.generate({
          prompt: text,
          kind: k,
          ...(providerId ? { providerId } : {}),
          ...(model ? { model } : {}),
        });
        if (!mounted.current) return true;
        setLive((turn) => (turn ? { ...turn, generationId: result.generationId, status: 'queued' } : turn));
        follow(result.generationId);
        return true;
      } catch (error) {
        setLive(null);
        const code = builderErrorCode(error);
        setChatProblem({
          code,
          title: code === 'BUSY' ? 'This project is busy' : code === 'PAYLOAD_TOO_LARGE' ? 'The request is too long' : 'Your request was not sent',
          message: builderErrorMessage(error),
        });
        return false;
      }
    },
    [follow, model, providerId],
  );

  const cancel = useCallback(async () => {
    const turn = liveRef.current;
    if (!turn?.generationId || !isLive(turn)) return;
    setLive({ ...turn, cancelling: true });
    try {
      await apiRef.current.cancelGeneration(turn.generationId);
    } catch (error) {
      setLive((t) => (t ? { ...t, cancelling: false } : t));
      setChatProblem({ code: builderErrorCode(error), title: 'Could not cancel', message: builderErrorMessage(error) });
    }
  }, []);

  const dismissLive = useCallback(() => setLive((turn) => (isLive(turn) ? turn : null)), []);

  // ---- Files -----------------------------------------------------------------------------------

  /** The text the editor shows for a path: the unsaved edit, else the head version's file. */
  const contentOf = useCallback((path: string) => drafts[path] ?? head.files[path] ?? '', [drafts, head]);

  const editFile = useCallback((path: string, text: string) => {
    const current = draftsRef.current;
    const base = (path in current ? draftBaseRef.current : null) ?? headRef.current;
    if (text === base.files[path]) {
      if (path in current) setDrafts(withoutKeys(current, (p) => p !== path));
      return;
    }
    if (current[path] === text) return;
    if (!draftBaseRef.current) setDraftBase(headRef.current);
    setDrafts({ ...current, [path]: text });
  }, []);

  const discardDraft = useCallback((path: string) => {
    setDrafts(withoutKeys(draftsRef.current, (p) => p !== path));
  }, []);

  const save = useCallback(async () => {
    const pending = draftsRef.current;
    if (!Object.keys(pending).length || savingRef.current) return;
    savingRef.current = true;
    setSaving(true);
    setSaveError(null);
    try {
      const base = draftBaseRef.current ?? headRef.current;
      const paths = Object.keys(pending);
      await apiRef.current.writeFiles({
        parentVersionId: base.versionId,
        writes: pending,
        message: `Edited ${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ` and ${paths.length - 3} more` : ''}`,
      });
      setConflict(null);
      setChangedUnderneath([]);
      // Edits typed while saving stay as drafts on top of the new version.
      const rest = withoutKeys(draftsRef.current, (p, text) => pending[p] !== text);
      setDraftBase(null);
      setDrafts(rest);
      const messageList = await refresh();
      if (messageList) setMessages(messageList);
      if (Object.keys(draftsRef.current).length) setDraftBase(headRef.current);
    } catch (error) {
      if (builderErrorCode(error) === 'CONFLICT') {
        setConflict(builderErrorMessage(error));
      } else setSaveError(builderErrorMessage(error, 'The file could not be saved.'));
    } finally {
      savingRef.current = false;
      if (mounted.current) setSaving(false);
    }
  }, [refresh]);

  /** After a conflict: load the latest version and carry the unsaved edits onto it. */
  const reloadLatest = useCallback(async () => {
    setBusyAction('reload');
    try {
      const before = draftBaseRef.current ?? headRef.current;
      const messageList = await refresh();
      if (!messageList) return;
      setMessages(messageList);
      const latest = headRef.current;
      const pending = draftsRef.current;
      setChangedUnderneath(Object.keys(pending).filter((p) => before.files[p] !== latest.files[p]));
      const rest = withoutKeys(pending, (p, text) => latest.files[p] !== text);
      setDraftBase(Object.keys(rest).length ? latest : null);
      setDrafts(rest);
      setConflict(null);
      setSaveError(null);
    } catch (error) {
      notify({ variant: 'danger', title: 'Could not load the latest version', message: builderErrorMessage(error) });
    } finally {
      setBusyAction(null);
    }
  }, [notify, refresh]);

  // ---- Versions --------------------------------------------------------------------------------

  const openDiff = useCallback(async (version: TBuilderVersion, focusPath: string | null = null) => {
    setDiff({ version, focusPath, diff: null, error: null });
    try {
      const result = await apiRef.current.diffVersions(version.parentId, version.id);
      setDiff((d) => (d && d.version.id === version.id ? { ...d, diff: result } : d));
    } catch (error) {
      setDiff((d) => (d && d.version.id === version.id ? { ...d, error: builderErrorMessage(error) } : d));
    }
  }, []);

  const openDiffById = useCallback(
    (versionId: string, focusPath: string | null = null) => {
      const version = versions.find((v) => v.id === versionId);
      if (version) void openDiff(version, focusPath);
      else notify({ variant: 'warning', title: 'That version is not in the history list', message: 'Only the latest 50 versions are listed.' });
    },
    [notify, openDiff, versions],
  );

  const restore = useCallback(
    async (version: TBuilderVersion): Promise<boolean> => {
      setBusyAction('restore');
      try {
        const created = await apiRef.current.restoreVersion(version.id, headRef.current.versionId);
        const messageList = await refresh();
        if (messageList) setMessages(messageList);
        notify({ variant: 'success', title: `Restored version ${version.number}`, message: `Saved as version ${created.number}.` });
        return true;
      } catch (error) {
        const conflicted = builderErrorCode(error) === 'CONFLICT';
        notify({
          variant: 'danger',
          title: conflicted ? 'The project changed — reload' : `Could not restore version ${version.number}`,
          message: builderErrorMessage(error),
        });
        if (conflicted) await refresh().then((m) => m && setMessages(m), () => undefined);
        return false;
      } finally {
        setBusyAction(null);
      }
    },
    [notify, refresh],
  );

  // ---- ZIP -------------------------------------------------------------------------------------

  const downloadZip = useCallback(async () => {
    setBusyAction('export');
    try {
      const { fileName, base64 } = await apiRef.current.exportZip(headRef.current.versionId ?? undefined);
      const url = URL.createObjectURL(new Blob([bytesFromBase64(base64)], { type: 'application/zip' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      link.rel = 'noopener';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      notify({ variant: 'danger', title: 'The ZIP could not be created', message: builderErrorMessage(error) });
    } finally {
      setBusyAction(null);
    }
  }, [notify]);

  const uploadZip = useCallback(
    async (file: File) => {
      if (!/\.zip$/i.test(file.name)) {
        notify({ variant: 'danger', title: `${file.name} is not a ZIP file`, message: 'Choose a .zip archive of a project.' });
        return;
      }
      if (file.size > MAX_ZIP_BYTES) {
        notify({
          variant: 'danger',
          title: `${file.name} is too large`,
          message: `It is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_ZIP_BYTES / 1024 / 1024} MB. Remove large assets and try again.`,
        });
        return;
      }
      setBusyAction('import');
      try {
        const base64 = base64FromBytes(new Uint8Array(await file.arrayBuffer()));
        const result = await apiRef.current.importZip(base64, headRef.current.versionId);
        const messageList = await refresh();
        if (messageList) setMessages(messageList);
        const version = versionsRef.current.find((v) => v.id === result.versionId);
        notify({
          variant: 'success',
          title: `Imported ${file.name}`,
          message: `${result.files} file${result.files === 1 ? '' : 's'}${version ? `, saved as version ${version.number}` : ''}.`,
        });
      } catch (error) {
        notify({ variant: 'danger', title: `${file.name} could not be imported`, message: builderErrorMessage(error) });
      } finally {
        setBusyAction(null);
      }
    },
    [notify, refresh],
  );

  const headVersion = useMemo(() => versions.find((v) => v.id === head.versionId) ?? null, [versions, head.versionId]);
  const stale = Object.keys(drafts).length > 0 && !!draftBase && draftBase.versionId !== head.versionId;
  const provider = providers.find((p) => p.id === providerId) ?? null;

  return {
    loadState,
    project,
    head,
    headVersion,
    versions,
    messages,
    providers,
    provider,
    providerId,
    model,
    selectProvider,
    setModel,
    live,
    chatProblem,
    dismissChatProblem: () => setChatProblem(null),
    stats,
    send,
    cancel,
    dismissLive,
    drafts,
    contentOf,
    editFile,
    discardDraft,
    save,
    saving,
    saveError,
    dismissSaveError: () => setSaveError(null),
    conflict,
    stale,
    changedUnderneath,
    reloadLatest,
    diff,
    openDiff,
    openDiffById,
    closeDiff: () => setDiff(null),
    restore,
    downloadZip,
    uploadZip,
    busyAction,
    notices,
    notify,
    dismissNotice,
  };
}

export type TBuilderState = ReturnType<typeof useBuilder>;
