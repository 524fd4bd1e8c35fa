// File drag and drop, written once: whether a drag carries files (a drag of text or of a link passes by), a
// drop target for the first file of a drop, and the same with the "a file is over me" highlight.
// InspectView's whole-window drop uses carriesFiles' rule with its own listeners on window.
import { useState, type DragEvent } from 'react';

export function carriesFiles(event: { dataTransfer: DataTransfer | null }): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/** Makes an element a drop target for one file (the first of a drop), without a highlight. */
export function fileDropProps(onFile: (file: File) => void) {
  return {
    onDragOver(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.stopPropagation();
    },
    onDrop(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.stopPropagation();
      const file = event.dataTransfer.files[0];
      if (file) onFile(file);
    },
  };
}

export interface FileDropOptions {
  /**
   * Let the drag events reach the window's listeners (InspectView's drop anywhere). The drop is still taken
   * (preventDefault): the window's handler sees `defaultPrevented`, ends its own highlight and opens nothing.
   * Without it the zone keeps its drags to itself.
   */
  bubble?: boolean;
}

/** A drop target for one file with `over` for its highlight; moving onto the zone's own children keeps it. */
export function useFileDrop(onFile: (file: File) => void, options: FileDropOptions = {}) {
  const [over, setOver] = useState(false);
  const take = (event: DragEvent) => {
    event.preventDefault();
    if (!options.bubble) event.stopPropagation();
  };
  const dropProps = {
    onDragEnter(event: DragEvent) {
      if (!carriesFiles(event)) return;
      take(event);
      setOver(true);
    },
    onDragOver(event: DragEvent) {
      if (!carriesFiles(event)) return;
      take(event);
      event.dataTransfer.dropEffect = 'copy';
      setOver(true);
    },
    onDragLeave(event: DragEvent) {
      if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
      setOver(false);
    },
    onDrop(event: DragEvent) {
      if (!carriesFiles(event)) return;
      take(event);
      setOver(false);
      const file = event.dataTransfer.files[0];
      if (file) onFile(file);
    },
  };
  return { over, dropProps };
}
