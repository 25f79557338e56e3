/**
 * Owns the GPU-backed objects of one loaded building: the GLB's geometries, materials and textures,
 * the highlight variants of its materials and the sensor markers added to it. `dispose()` frees all
 * of them exactly once and takes the model out of the scene, so opening building after building
 * leaves `renderer.info.memory` where it was.
 */
import { MeshStandardMaterial, type BufferGeometry, type Material, type Object3D, type Texture } from 'three';

/** How an element is drawn, in order of precedence (a selected element in alarm shows as selected). */
export type ElementLook = 'base' | 'sensor' | 'alarm' | 'hover' | 'selected';

/** Emissive colour and strength of each highlight (sRGB hex). */
export const LOOK_EMISSIVE: Readonly<Record<Exclude<ElementLook, 'base'>, { color: number; intensity: number }>> = {
  sensor: { color: 0x00c8ff, intensity: 0.9 },
  alarm: { color: 0xff2a2a, intensity: 1 },
  hover: { color: 0x6f8cff, intensity: 0.45 },
  selected: { color: 0xffc400, intensity: 0.8 },
};

export interface OwnedCounts { geometries: number; materials: number; textures: number }

function texturesOf(material: Material, into: Set<Texture>): void {
  for (const value of Object.values(material)) {
    if (value && typeof value === 'object' && (value as Texture).isTexture) into.add(value as Texture);
  }
}

export class BuildingModelOwner {
  private readonly geometries = new Set<BufferGeometry>();
  private readonly materials = new Set<Material>();
  private readonly textures = new Set<Texture>();
  private readonly variants = new Map<Material, Map<ElementLook, Material>>();
  private disposedFlag = false;

  /** @param root the loaded model (a glTF scene); everything under it now belongs to this owner. */
  constructor(readonly root: Object3D) {
    this.adoptTree(root);
  }

  get disposed(): boolean {
    return this.disposedFlag;
  }

  /** Takes ownership of every geometry, material and texture under `object` (e.g. markers added later). */
  adoptTree(object: Object3D): void {
    this.assertLive('adopt objects');
    object.traverse((o) => {
      const m = o as Object3D & { geometry?: BufferGeometry; material?: Material | Material[] };
      if (m.geometry?.isBufferGeometry) this.geometries.add(m.geometry);
      for (const mat of Array.isArray(m.material) ? m.material : m.material ? [m.material] : []) this.adoptMaterial(mat);
    });
  }

  /** Takes ownership of a geometry created for this model (shared marker shapes). */
  adoptGeometry<T extends BufferGeometry>(geometry: T): T {
    this.assertLive('adopt a geometry');
    this.geometries.add(geometry);
    return geometry;
  }

  /** Takes ownership of a material created for this model, and of its textures. */
  adoptMaterial<T extends Material>(material: T): T {
    this.assertLive('adopt a material');
    this.materials.add(material);
    texturesOf(material, this.textures);
    return material;
  }

  /**
   * The material `base` drawn with a highlight: a clone with an emissive tint, made once per base
   * material and look, shared by every element that needs it and disposed with the model.
   * Materials without an emissive channel are returned as they are.
   */
  variant(base: Material, look: ElementLook): Material {
    if (look === 'base') return base;
    let byLook = this.variants.get(base);
    if (!byLook) this.variants.set(base, (byLook = new Map()));
    let v = byLook.get(look);
    if (!v) {
      this.assertLive('make a highlight material');
      if (!(base instanceof MeshStandardMaterial)) return base;
      const clone = base.clone();
      clone.emissive.setHex(LOOK_EMISSIVE[look].color);
      clone.emissiveIntensity = LOOK_EMISSIVE[look].intensity;
      clone.name = `${base.name}#${look}`;
      v = this.adoptMaterial(clone);
      byLook.set(look, v);
    }
    return v;
  }

  /** Every highlight variant made so far for `look` (the alarm pulse animates them together). */
  variantsOf(look: ElementLook): Material[] {
    const out: Material[] = [];
    for (const byLook of this.variants.values()) { const v = byLook.get(look); if (v) out.push(v); }
    return out;
  }

  /** How many distinct objects this owner will free. */
  counts(): OwnedCounts {
    return { geometries: this.geometries.size, materials: this.materials.size, textures: this.textures.size };
  }

  /** Takes the model out of its scene and frees every owned object once; later calls do nothing. */
  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    this.root.removeFromParent();
    for (const g of this.geometries) g.dispose();
    for (const m of this.materials) m.dispose();
    for (const t of this.textures) {
      t.dispose();
      // An ImageBitmap holds decoded pixels outside the GL context until it is closed.
      const image = t.source?.data as { close?: () => void } | undefined;
      image?.close?.();
    }
    this.geometries.clear();
    this.materials.clear();
    this.textures.clear();
    this.variants.clear();
  }

  private assertLive(what: string): void {
    if (this.disposedFlag) throw new Error(`twin: building model already disposed, cannot ${what}`);
  }
}
