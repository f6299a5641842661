export declare function built(file: string): string;
