// Writing .zip files byte by byte (stored, no compression), so the tests can make archives
// no well-behaved zip tool would: entries named `../x` or `/etc/x`, and symbolic links.

import Foundation

struct ZipMember {
    var name: String
    var data: Data
    var isSymlink = false
}

func zipArchive(_ members: [ZipMember]) -> Data {
    var archive = Data(), directory = Data()
    func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xff), UInt8(value >> 8 & 0xff)] }
    func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xff) } }
    for member in members {
        let name = [UInt8](member.name.utf8), crc = crc32(member.data), size = UInt32(member.data.count)
        let offset = UInt32(archive.count)
        let mode: UInt32 = member.isSymlink ? 0o120777 : 0o100644
        // version, flags, method (stored), time, date
        let common: [UInt8] = le16(20) + le16(0) + le16(0) + le16(0) + le16(0)
        let sizes: [UInt8] = le32(crc) + le32(size) + le32(size) + le16(name.count)
        archive.append(contentsOf: le32(0x04034b50) + common + sizes + le16(0) + name)
        archive.append(member.data)
        let madeBy: [UInt8] = le16(3 << 8 | 20)
        let tail: [UInt8] = le16(0) + le16(0) + le16(0) + le16(0) + le32(mode << 16) + le32(offset)
        directory.append(contentsOf: le32(0x02014b50) + madeBy + common + sizes + tail + name)
    }
    let directoryOffset = UInt32(archive.count)
    archive.append(directory)
    let counts: [UInt8] = le16(0) + le16(0) + le16(members.count) + le16(members.count)
    archive.append(contentsOf: le32(0x06054b50) + counts + le32(UInt32(directory.count)) + le32(directoryOffset) + le16(0))
    return archive
}

func crc32(_ data: Data) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}

/// A correct student edition as archive members under `prefix` (e.g. "alice/").
func correctMembers(prefix: String) throws -> [ZipMember] {
    [ZipMember(name: prefix + "Sources/Driver/Sum.swift", data: Data(try referenceText("Sum.swift").utf8)),
     ZipMember(name: prefix + "Sources/Driver/Clamp.swift", data: Data(try referenceText("Clamp.swift").utf8))]
}

/// The archive entries of the catalogue.
func zipCatalogue(scratch: URL) throws -> [(entry: CatalogueEntry, archive: Data)] {
    let noop: (URL) throws -> Void = { _ in }
    let escape = "../../../../../../tmp/workbook-grader-escaped-\(getpid())"
    return [
        (CatalogueEntry(id: "zipped", sum: 30, clamp: 20, make: noop), zipArchive(try correctMembers(prefix: "student-edition/"))),
        (CatalogueEntry(id: "zip-with-dotdot-and-absolute", sum: 30, clamp: 20, make: noop), zipArchive(try correctMembers(prefix: "") + [
            ZipMember(name: escape, data: Data("escaped".utf8)),
            ZipMember(name: "/tmp/workbook-grader-absolute-\(getpid())", data: Data("absolute".utf8)),
        ])),
        (CatalogueEntry(id: "zip-with-symlink", sum: 0, clamp: 20, make: noop), zipArchive([
            ZipMember(name: "Sources/Driver/Sum.swift", data: Data("/etc/passwd".utf8), isSymlink: true),
            ZipMember(name: "Sources/Driver/Clamp.swift", data: Data(try referenceText("Clamp.swift").utf8)),
        ])),
        (CatalogueEntry(id: "zip-not-a-zip", sum: 0, clamp: 0, make: noop), Data("PK\u{3}\u{4} this is not an archive".utf8)),
    ]
}
