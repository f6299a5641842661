export declare const ROOT: string;
export declare const FIXTURES: string;
export declare function fixture(name: string): string;
/** A fresh temporary folder, removed when the process exits. */
export declare function scratch(prefix?: string): string;
