/** Public face of the people of a run: who logs in before the load, and whose session a VU uses. */
export type { PeopleData } from './sessions.ts';
export {
  establishPeople,
  personSession,
  setupSession,
  webClientSetupSession,
} from './sessions.ts';
