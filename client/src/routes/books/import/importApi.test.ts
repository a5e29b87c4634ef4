import { IMPORT_MAX_BYTES } from '@galley/shared/api/imports';
import { describe, expect, it } from 'vitest';
import { formatOf, precheckImportFile } from './importApi.ts';

const file = (name: string, size = 10) => new File([new Uint8Array(size)], name);

describe('import files, before they are uploaded', () => {
  it('tells the format by the name, since browsers give .md files no reliable type', () => {
    expect(formatOf(file('Novel.DOCX'))).toBe('docx');
    expect(formatOf(file('notes.md'))).toBe('markdown');
    expect(formatOf(file('notes.markdown'))).toBe('markdown');
    expect(formatOf(file('old.doc'))).toBeNull();
    expect(formatOf(file('book.pdf'))).toBeNull();
  });

  it('says what is wrong with a file the server would refuse anyway', () => {
    expect(precheckImportFile(file('novel.docx'))).toBeNull();
    expect(precheckImportFile(file('old.doc'))?.code).toBe('import_not_docx');
    expect(precheckImportFile(file('empty.md', 0))?.code).toBe('import_empty');
    const huge = precheckImportFile(file('huge.docx', IMPORT_MAX_BYTES + 1));
    expect(huge?.code).toBe('import_too_large');
    expect(huge?.message).toContain('20.0 MB');
  });
});
