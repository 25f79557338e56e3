/**
 * One building's BIM shell (bim/bim-shells.ts), drawn where its massing was: one SimpleMeshLayer
 * with one instance, so one draw call. The mesh's vertex colours (the IFC materials) are multiplied
 * by the building's live tint, the massing's colour, so energy intensity reads the same near and
 * far; picking answers the building, as the massing does (picking.ts).
 */
import { SimpleMeshLayer } from '@deck.gl/mesh-layers';
import type { BuildingItem, TwinSceneData } from '../scene-data.ts';
import { rgbaAt, type FamilyLooks } from '../family-looks.ts';
import type { ShownShell } from '../bim/bim-shells.ts';

/** Layer ids of the shells start with this (picking and the probe read it). */
export const BIM_SHELL_LAYER_PREFIX = 'bim-shell-';

export function bimShellLayer(scene: TwinSceneData, looks: FamilyLooks, shell: ShownShell, visible: boolean): SimpleMeshLayer<BuildingItem> {
  const colours = looks.buildingColours;
  return new SimpleMeshLayer<BuildingItem>({
    id: `${BIM_SHELL_LAYER_PREFIX}${shell.id}`, data: [scene.buildings[shell.index]], visible, pickable: true,
    mesh: shell.mesh as never,
    getPosition: () => shell.position,
    // The massing's tint lifted towards white: the shell's own materials stay readable under it.
    getColor: (_d, { target }) => {
      rgbaAt(colours, shell.index, target as number[]);
      for (let k = 0; k < 3; k++) target[k] = 110 + target[k] * 0.57;
      target[3] = 255;
      return target as [number, number, number, number];
    },
    material: { ambient: 0.45, diffuse: 0.6, shininess: 12, specularColor: [40, 40, 40] },
    updateTriggers: { getColor: looks.rev.buildings },
  });
}
