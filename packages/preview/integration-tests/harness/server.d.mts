export declare const SESSION_COOKIE: string;
export declare function ensureBuilt(): void;
export declare function startHostServer(): Promise<{
  url: string;
  cookieRequests: { cookie: string | undefined; origin: string | undefined }[];
  close(): Promise<void>;
}>;
