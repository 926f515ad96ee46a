// Package docx writes a case's chapter as a Word document (WordprocessingML,
// ECMA-376 transitional): the few parts Word and LibreOffice need, built with
// archive/zip and plain, escaped XML. It knows the chapter model of dialogs
// and nothing of the platforms or the database.
//
// The document uses Word's built-in styles (Title, Subtitle, Heading 1 and
// 2 with outline levels, Quote), so the navigation pane and a table of
// contents work and a planner's own template restyles it when pasted. Its
// language is the case's (nb-NO, nn-NO, en-GB).
package docx
