// The book's Swift highlighter: reads a JSON array of code blocks on standard input and writes,
// for each block, its classified ranges and its top-level declarations as JSON.
//
// `workbook render` runs it once per render with every Swift block of the book, so the cost of
// starting a process is paid once. Offsets and lengths are in UTF-8 bytes of the block's text.
import Foundation
import SwiftIDEUtils
import SwiftParser
import SwiftSyntax

struct Highlighted: Encodable {
    /// `[offset, length, class]` for every range worth colouring.
    var spans: [[Span]] = []
    /// `[name, kind, line]` for each declaration standing at the block's top level, column 1.
    var declarations: [[Span]] = []
}

/// One element of a JSON tuple: a number or a string.
enum Span: Encodable {
    case number(Int), text(String)
    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }
}

/// The CSS class of a classification, or nil for plain text.
func cssClass(_ kind: SyntaxClassification) -> String? {
    switch kind {
    case .keyword: "kw"
    case .type: "ty"
    case .stringLiteral, .regexLiteral: "str"
    case .integerLiteral, .floatLiteral: "num"
    case .lineComment, .blockComment: "com"
    case .docLineComment, .docBlockComment: "doc"
    case .attribute: "attr"
    case .ifConfigDirective: "pp"
    default: nil
    }
}

/// The name and kind of a declaration worth listing in the book's index.
func describe(_ item: CodeBlockItemSyntax) -> (name: String, kind: String)? {
    let item = item.item
    if let decl = item.as(StructDeclSyntax.self) { return (decl.name.text, "struct") }
    if let decl = item.as(ClassDeclSyntax.self) { return (decl.name.text, "class") }
    if let decl = item.as(EnumDeclSyntax.self) { return (decl.name.text, "enum") }
    if let decl = item.as(ActorDeclSyntax.self) { return (decl.name.text, "actor") }
    if let decl = item.as(ProtocolDeclSyntax.self) { return (decl.name.text, "protocol") }
    if let decl = item.as(FunctionDeclSyntax.self) { return (decl.name.text, "func") }
    if let decl = item.as(TypeAliasDeclSyntax.self) { return (decl.name.text, "typealias") }
    if let decl = item.as(ExtensionDeclSyntax.self) { return (decl.extendedType.trimmedDescription, "extension") }
    if let decl = item.as(VariableDeclSyntax.self),
       let pattern = decl.bindings.first?.pattern.as(IdentifierPatternSyntax.self) {
        return (pattern.identifier.text, decl.bindingSpecifier.text)
    }
    return nil
}

/// Classifies one block and lists its top-level declarations.
func highlight(_ block: String) -> Highlighted {
    let tree = Parser.parse(source: block)
    var result = Highlighted()
    for range in tree.classifications {
        guard let css = cssClass(range.kind) else { continue }
        result.spans.append([.number(range.offset), .number(range.length), .text(css)])
    }
    let converter = SourceLocationConverter(fileName: "", tree: tree)
    for item in tree.statements {
        guard let (name, kind) = describe(item) else { continue }
        let location = item.item.startLocation(converter: converter, afterLeadingTrivia: true)
        guard location.column == 1 else { continue }
        result.declarations.append([.text(name), .text(kind), .number(location.line)])
    }
    return result
}

/// Highlights every block, spread over one thread per core; each slot is written by one thread.
func highlightAll(_ blocks: [String]) -> [Highlighted] {
    nonisolated(unsafe) let slots = UnsafeMutableBufferPointer<Highlighted>.allocate(capacity: blocks.count)
    slots.initialize(repeating: Highlighted())
    defer { slots.deallocate() }
    DispatchQueue.concurrentPerform(iterations: blocks.count) { index in
        slots[index] = highlight(blocks[index])
    }
    return Array(slots)
}

let input = FileHandle.standardInput.readDataToEndOfFile()
let blocks = try JSONDecoder().decode([String].self, from: input)
let encoder = JSONEncoder()
encoder.outputFormatting = .sortedKeys
FileHandle.standardOutput.write(try encoder.encode(highlightAll(blocks)))
