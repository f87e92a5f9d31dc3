/** Where the route handler in app/%5Fpreview serves @shipyard/preview's assets (same origin: workers must be). */
export const PREVIEW_ASSETS_URL = '/_preview/';
