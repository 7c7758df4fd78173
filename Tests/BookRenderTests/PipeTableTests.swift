// The GFM specification's table examples (section 4.10, examples 198–205), rendered by our pass.
// The spec writes alignment as `align="…"`, which HTML5 dropped; we write the same as a style.
@testable import BookRender
import CCmark
import Testing

/// Renders `markdown` the way a chapter's paragraph is rendered: the table pass first, cmark otherwise.
private func render(_ markdown: String) -> String {
    let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let document = MarkdownDocument(markdown)
    var html = ""
    for node in document.topLevel.map(MarkdownNode.init) {
        let paragraph = Array(lines[(node.startLine - 1)..<node.endLine])
        if node.type == CMARK_NODE_PARAGRAPH, let table = PipeTable.parse(paragraph) { html += table.html } else { html += node.html }
    }
    return html
}

private func spec(_ html: String) -> String {
    html.replacingOccurrences(of: " align=\"", with: " style=\"text-align: ")
}

@Suite struct PipeTableTests {
    @Test func example198() {
        #expect(render("| foo | bar |\n| --- | --- |\n| baz | bim |") == spec("""
            <table>\n<thead>\n<tr>\n<th>foo</th>\n<th>bar</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>baz</td>\n<td>bim</td>\n</tr>\n</tbody>\n</table>\n
            """))
    }

    @Test func example199Alignment() {
        #expect(render("| abc | defghi |\n:-: | -----------:\nbar | baz") == spec("""
            <table>\n<thead>\n<tr>\n<th align="center">abc</th>\n<th align="right">defghi</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align="center">bar</td>\n<td align="right">baz</td>\n</tr>\n</tbody>\n</table>\n
            """))
    }

    @Test func example200EscapedPipes() {
        #expect(render("| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |") == spec("""
            <table>\n<thead>\n<tr>\n<th>f|oo</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>b <code>|</code> az</td>\n</tr>\n<tr>\n<td>b <strong>|</strong> im</td>\n</tr>\n</tbody>\n</table>\n
            """))
    }

    @Test func example201EndsAtBlockQuote() {
        #expect(render("| abc | def |\n| --- | --- |\n| bar | baz |\n> bar") == spec("""
            <table>\n<thead>\n<tr>\n<th>abc</th>\n<th>def</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>bar</td>\n<td>baz</td>\n</tr>\n</tbody>\n</table>\n<blockquote>\n<p>bar</p>\n</blockquote>\n
            """))
    }

    @Test func example202EndsAtBlankLine() {
        #expect(render("| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar") == spec("""
            <table>\n<thead>\n<tr>\n<th>abc</th>\n<th>def</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>bar</td>\n<td>baz</td>\n</tr>\n<tr>\n<td>bar</td>\n<td></td>\n</tr>\n</tbody>\n</table>\n<p>bar</p>\n
            """))
    }

    @Test func example203HeaderMustMatchDelimiter() {
        #expect(render("| abc | def |\n| --- |\n| bar |") == "<p>| abc | def |\n| --- |\n| bar |</p>\n")
    }

    @Test func example204MissingAndExcessCells() {
        #expect(render("| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |") == spec("""
            <table>\n<thead>\n<tr>\n<th>abc</th>\n<th>def</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>bar</td>\n<td></td>\n</tr>\n<tr>\n<td>bar</td>\n<td>baz</td>\n</tr>\n</tbody>\n</table>\n
            """))
    }

    @Test func example205NoBody() {
        #expect(render("| abc | def |\n| --- | --- |") == spec("""
            <table>\n<thead>\n<tr>\n<th>abc</th>\n<th>def</th>\n</tr>\n</thead>\n</table>\n
            """))
    }

    @Test func paragraphLinesBeforeTheHeaderStayAParagraph() {
        #expect(render("Registers:\n| a | b |\n|---|---|\n| 1 | 2 |").hasPrefix("<p>Registers:</p>\n<table>"))
    }
}
