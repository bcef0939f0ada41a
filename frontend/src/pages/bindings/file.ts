// Files between the browser and GraphQL, which carries them as base64.

/** Reads a picked file as base64 (without the data: URL prefix). */
export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

/** Saves base64 content under a file name, as a download. */
export function download(fileName: string, contentType: string, base64: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The file format of a name, by its extension. */
export function formatOf(name: string): 'XLSX' | 'CSV' | null {
  const n = name.toLowerCase();
  if (n.endsWith('.xlsx')) return 'XLSX';
  if (n.endsWith('.csv')) return 'CSV';
  return null;
}
