/** Plain JSON values: everything the engine stores in a session is one of these. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
