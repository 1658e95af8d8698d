/** The two SQL databases Cairn runs on; a few column types differ between them. */
export type SqlDialectName = 'sqlite' | 'postgres';
