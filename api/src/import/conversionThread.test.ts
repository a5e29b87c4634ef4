import { ErrorCode } from '@galley/shared/errors';
import { describe, expect, it } from 'vitest';
import { prepareInWorker } from './conversionThread.ts';
import { buildDocx, heading, para, run } from './docxFixtures.ts';
import { prepareImport } from './importPreparer.ts';

describe('prepareInWorker: conversion off the api thread', () => {
  it('gives what converting in place gives', async () => {
    const docx = await buildDocx({
      body: [heading(1, 'One'), para([run('bold', { b: true })]), heading(1, 'Two')],
    });
    const inWorker = await prepareInWorker(docx, 'docx', 'File');
    const inPlace = await prepareImport(docx, 'docx', 'File');
    expect(inWorker.chapters).toEqual(inPlace.chapters);
    expect(inWorker.chapters.map((c) => c.title)).toEqual(['One', 'Two']);
  });

  it('passes a conversion failure back with its code', async () => {
    await expect(prepareInWorker(Buffer.from('\u0000binary'), 'markdown', 'File')).rejects.toMatchObject({
      code: ErrorCode.importNotText,
    });
  });

  it('fails the import, not the process, when a file needs more memory than a conversion may use', async () => {
    const body = Array.from({ length: 40_000 }, (_, i) =>
      para([run(`Paragraph ${i} `), run('and more', { i: true })]),
    );
    const docx = await buildDocx({ body });
    // 48 MB is plenty for a small file (the thread itself needs about 30) and far too little for this one.
    const small = await buildDocx({ body: [para('x')] });
    await expect(prepareInWorker(small, 'docx', 'File', { heapMb: 48 })).resolves.toBeTruthy();
    await expect(prepareInWorker(docx, 'docx', 'File', { heapMb: 48 })).rejects.toMatchObject({
      code: ErrorCode.importTooLarge,
    });
  });

  it('stops the thread when the job gives up', async () => {
    const controller = new AbortController();
    const docx = await buildDocx({ body: [para('x')] });
    const pending = prepareInWorker(docx, 'docx', 'File', { signal: controller.signal });
    controller.abort(new Error('deadline'));
    await expect(pending).rejects.toThrow('deadline');
  });
});
