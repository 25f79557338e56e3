/** The build's version (package.json), shown on the wall's status line and reported in its heartbeats. */
import { version } from '../../package.json';

export const APP_VERSION: string = version;
