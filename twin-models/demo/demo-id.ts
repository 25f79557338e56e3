/** The demo community's id (鹅岭社区), apart from its plan, for code that needs only the id. */
export const DEMO_COMMUNITY_ID = 'c-eling';
