// Generated from Chapters by interim tangle. Do not edit.
#sourceLocation(file: "Chapters/42-mkfs.md", line: 378)
// Reading mkfs's input files and writing its image atomically. The only file of the Mkfs
// library that touches the host's file system.
#if canImport(Foundation)
import Foundation

extension MkfsImage {
    #sourceLocation(file: "Chapters/42-mkfs.md", line: 392)
    /// Reads `paths` in order and builds an image of them, without writing anything.
    public static func build(paths: [String], layout: LogLayout = .xv6_2022)
        throws(MkfsError) -> MkfsImage {
        var image = MkfsImage(layout: layout)
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .unreadable(file: path, reason: "no such file")
            }
            guard !isDirectory.boolValue else { throw .unreadable(file: path, reason: "is a directory") }
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw .unreadable(file: path, reason: error.localizedDescription)
            }
            try image.addFile(path: path, contents: [UInt8](data))
        }
        return image
    }
#sourceLocation(file: "Chapters/42-mkfs.md", line: 385)

    #sourceLocation(file: "Chapters/42-mkfs.md", line: 416)
    /// Finishes the image and writes it to `imagePath` atomically.
    public mutating func write(to imagePath: String) throws(MkfsError) {
        let bytes = finish()
        let temporary = "\(imagePath).mkfs-\(getpid()).tmp"
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw .cannotWrite(image: imagePath, reason: error.localizedDescription)
        }
        if rename(temporary, imagePath) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw .cannotWrite(image: imagePath, reason: reason)
        }
    }
#sourceLocation(file: "Chapters/42-mkfs.md", line: 387)
}
#endif
#sourceLocation()
