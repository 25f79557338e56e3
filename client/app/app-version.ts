/**
 * The build's version (package.json's, put in by vite.config.ts as `__APP_VERSION__`), shown on
 * the wall's status line and reported in its heartbeats; 'dev' where no build defined it.
 */
declare const __APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';
