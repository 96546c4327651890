//! Everything a user can ask the TUI to do, as data.
//!
//! Keys become actions through the keymap (`keymap.rs`); `App::update` is the one `match` that
//! gives each action its meaning on the current screen. Tests drive the app with these values,
//! no terminal needed.

use tui_textarea::Input;

use crate::state::Status;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Quit,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Left,
    Right,
    /// Open the selected report; on a finding or cell, open the source view.
    Open,
    /// Close the current screen, overlay or filter.
    Back,
    /// Grid <-> findings pane.
    SwitchPane,
    /// Start typing a list filter; in the report and source views, a text search.
    Filter,
    /// Leave the search input and search forward for the text typed.
    SearchGo,
    /// Leave the search input without searching.
    SearchCancel,
    /// The next finding; while a search is active (report, source view), the next match.
    NextFinding,
    /// The previous finding, or the previous match while a search is active.
    PrevFinding,
    /// From the report view: open the next report of the list, in the list's order.
    NextReport,
    /// From the report view: open the previous report of the list.
    PrevReport,
    /// Re-sort the list now (it otherwise keeps its order while the user works through it).
    Resort,
    /// Turn the list's sort order around.
    ReverseSort,
    /// Put the grid cursor on the first row of 表二, 表三 or 表四.
    JumpTable(crate::model::TableId),
    /// Clear the text input's line (readline Ctrl-U).
    ClearLine,
    /// Delete the word before the cursor (readline Ctrl-W).
    DeleteWord,
    /// `q`: close the sub-view (report, source, help), or quit from the list.
    Close,
    /// Turn auto-advance (open the next unreviewed report after a status key) on or off.
    ToggleAutoAdvance,
    /// Show the report text around the current finding or cell.
    Source,
    /// In the report view: show or hide last year's report of the same body (`y`).
    YearPane,
    /// Open the inbox overview (`o`): counts, the rules failing most, late reports, ratios.
    Overview,
    CycleSort,
    Help,
    SetTriage(Status),
    /// Restore the status before the last status change (pressed again: redo).
    UndoStatus,
    /// Dismiss the selected finding (asks for a reason), or restore it if dismissed.
    Dismiss,
    /// Restore the selected dismissed finding.
    Undismiss,
    /// Leave the reason input and dismiss with the reason typed.
    ReasonSave,
    /// Leave the reason input without dismissing.
    ReasonCancel,
    /// Correct the value of the grid cell under the cursor (a one-line editor).
    EditCell,
    /// Leave the cell editor, saving the value typed (empty: the correction is removed).
    CellSave,
    /// Leave the cell editor without changing anything.
    CellCancel,
    /// Write the rectification list (整改清单, markdown) of every report to a file.
    Export,
    /// Write the rectification list of the open (or selected) report only.
    ExportOpen,
    /// Pause or resume the live inbox.
    TogglePause,
    EditNote,
    /// Leave the filter input, keeping the filter.
    FilterKeep,
    /// Leave the filter input and drop the filter.
    FilterClear,
    NoteSave,
    NoteCancel,
    /// A keystroke for the text field being edited (filter or note).
    Input(Input),
    /// The terminal was resized to (width, height).
    Resize(u16, u16),
}
