/** Field names that differ between Odoo versions (docs/odoo-protocol.md §7.1–7.2), in one place. */
export interface VersionFields {
  /** Domain selecting storable products. */
  storable: unknown[][];
  /** Move-line field holding what was picked / done. */
  doneQuantity: 'qty_done' | 'quantity';
  /** Move-line field holding what is reserved. */
  reservedQuantity: 'reserved_uom_qty' | 'quantity';
  /** Whether move lines carry the 17+ `picked` flag. */
  hasPicked: boolean;
}

export function versionFields(version: number): VersionFields {
  return {
    storable: version >= 18 ? [['is_storable', '=', true]] : [['type', '=', 'product']],
    doneQuantity: version === 16 ? 'qty_done' : 'quantity',
    reservedQuantity: version === 16 ? 'reserved_uom_qty' : 'quantity',
    hasPicked: version !== 16,
  };
}
