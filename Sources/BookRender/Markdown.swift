// cmark, used as a library: parse a Markdown text, walk and edit its tree, render nodes as HTML.
//
// cmark's own HTML renderer writes every piece of Markdown. The book's additions (chunk
// headers, tables, diagrams, callouts) replace nodes with HTML blocks holding what we built,
// so cmark stays the only code that turns Markdown into HTML.
import CCmark
#if canImport(Glibc)
import Glibc
#endif

/// A parsed Markdown document. Nodes stay valid while the document lives.
final class MarkdownDocument {
    let root: OpaquePointer

    init(_ text: String) {
        let utf8 = Array(text.utf8)
        let options = CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE
        root = utf8.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: max(buffer.count, 1)) {
                cmark_parse_document($0, buffer.count, options)
            }
        }
    }

    deinit { cmark_node_free(root) }

    /// Every node of the tree, parents before children, in document order.
    var allNodes: [OpaquePointer] {
        var nodes: [OpaquePointer] = []
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { nodes.append(node) }
        }
        return nodes
    }

    /// The document's top-level blocks in order.
    var topLevel: [OpaquePointer] {
        var nodes: [OpaquePointer] = []
        var node = cmark_node_first_child(root)
        while let current = node {
            nodes.append(current)
            node = cmark_node_next(current)
        }
        return nodes
    }
}

/// What the book needs to know about one node.
struct MarkdownNode {
    let node: OpaquePointer

    var type: cmark_node_type { cmark_node_get_type(node) }
    var startLine: Int { Int(cmark_node_get_start_line(node)) }
    var endLine: Int { Int(cmark_node_get_end_line(node)) }
    var literal: String { cmark_node_get_literal(node).map { String(cString: $0) } ?? "" }
    var fenceInfo: String { cmark_node_get_fence_info(node).map { String(cString: $0) } ?? "" }
    var headingLevel: Int { Int(cmark_node_get_heading_level(node)) }
    var url: String { cmark_node_get_url(node).map { String(cString: $0) } ?? "" }
    var parentIsDocument: Bool { cmark_node_get_type(cmark_node_parent(node)) == CMARK_NODE_DOCUMENT }

    /// The text a reader sees: literals of text and code descendants, joined.
    var plainText: String {
        var text = ""
        let iterator = cmark_iter_new(node)
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let child = cmark_iter_get_node(iterator) else { continue }
            let kind = cmark_node_get_type(child)
            if kind == CMARK_NODE_TEXT || kind == CMARK_NODE_CODE {
                text += cmark_node_get_literal(child).map { String(cString: $0) } ?? ""
            } else if kind == CMARK_NODE_SOFTBREAK || kind == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return text
    }

    /// cmark's HTML for this node and its children.
    var html: String {
        guard let buffer = cmark_render_html(node, CMARK_OPT_UNSAFE) else { return "" }
        defer { free(buffer) }
        return String(cString: buffer)
    }

    func setURL(_ url: String) { cmark_node_set_url(node, url) }

    /// Puts an HTML block holding `html` in this node's place; the old node is freed. The new
    /// node has no source position: the returned pointer lets the caller remember the old one.
    @discardableResult
    func replace(withHTML html: String) -> OpaquePointer {
        let block = cmark_node_new(CMARK_NODE_HTML_BLOCK)!
        cmark_node_set_literal(block, html)
        cmark_node_replace(node, block)
        cmark_node_free(node)
        return block
    }

    /// Removes the link wrapper, keeping its text in place.
    func unwrapLink() {
        while let child = cmark_node_first_child(node) {
            cmark_node_insert_before(node, child)
        }
        cmark_node_unlink(node)
        cmark_node_free(node)
    }
}

/// Renders a piece of inline Markdown (a table cell, a caption) as HTML without the paragraph.
/// `links` gives each link's URL on the site, or nil to keep only its text.
func inlineHTML(_ markdown: String, links: (String) -> String? = { $0 }) -> String {
    let document = MarkdownDocument(markdown)
    guard let paragraph = document.topLevel.first else { return "" }
    for node in document.allNodes.map(MarkdownNode.init) where node.type == CMARK_NODE_LINK {
        if let url = links(node.url) { node.setURL(url) } else { node.unwrapLink() }
    }
    var html = ""
    var child = cmark_node_first_child(paragraph)
    while let current = child {
        html += MarkdownNode(node: current).html
        child = cmark_node_next(current)
    }
    return html
}

/// Escapes text for HTML content and attribute values.
func escapeHTML(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text.unicodeScalars {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        default: out.unicodeScalars.append(character)
        }
    }
    return out
}
