/** The consultation dialog's ids, shared by its files (no import cycles). */

/** The flow id. */
export const CONSULTATION_FLOW = 'consultation';
/** The consultation's menu entry (its choice id on the menu). */
export const CONSULTATION_MENU_ENTRY = 'consultation';
/** The answer naming which consultation this frame is about (set by the menu or a deep link). */
export const CONSULTATION_STEP = 'consultation';
/** Set when the dialog itself asks which consultation (several are open). */
export const PICK_HERE = 'pick_here';
