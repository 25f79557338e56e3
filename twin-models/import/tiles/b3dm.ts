/**
 * Batched 3D Model tiles (3D Tiles 1.0 `b3dm`): a GLB behind a 28-byte header and an empty
 * feature table. Written as 1.0 content because every 3D Tiles runtime reads it, deck.gl's included.
 */
export function glbToB3dm(glb: Uint8Array): Uint8Array {
  const featureTable = padTo8(Buffer.from(JSON.stringify({ BATCH_LENGTH: 0 })), 28);
  const header = Buffer.alloc(28);
  const total = 28 + featureTable.byteLength + glb.byteLength;
  header.write('b3dm', 0, 'latin1');
  header.writeUInt32LE(1, 4);
  header.writeUInt32LE(total, 8);
  header.writeUInt32LE(featureTable.byteLength, 12);
  // feature table binary, batch table JSON and binary lengths stay 0
  return Buffer.concat([header, featureTable, glb]);
}

/** Pads JSON with spaces so the next section starts on an 8-byte boundary (as the spec requires). */
function padTo8(json: Buffer, offset: number): Buffer {
  const pad = (8 - ((offset + json.byteLength) % 8)) % 8;
  return Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
}
