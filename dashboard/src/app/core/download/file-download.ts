import { DOCUMENT } from "@angular/common";
import { Injectable, inject } from "@angular/core";

/** Saves text the console made (a CSV export) as a file, through a temporary object URL. */
@Injectable({ providedIn: "root" })
export class FileDownload {
  private readonly document = inject(DOCUMENT);

  save(fileName: string, content: string, type: string): void {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const link = this.document.createElement("a");
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
