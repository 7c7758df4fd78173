// Which edition this checkout is: the instructor's (the default) or the student's.
//
// `Exercises/manifest.json` says so with `"edition": "student"`. In the student edition the
// exercise regions of Sources/ are the student's code: tangle writes around them and
// `tangle --check` ignores them. A checkout without the manifest is the instructor's.

import Foundation
import Literate

enum Edition: String {
    case instructor, student

    static let manifestPath = "Exercises/manifest.json"

    /// The edition `root`'s manifest names.
    ///
    /// - Throws: `EditionError` naming the manifest when it exists but cannot be read, is not
    ///   a JSON object, or names another edition.
    static func of(root: URL) throws -> Edition {
        let url = root.appendingPathComponent(manifestPath)
        guard FileManager.default.fileExists(atPath: url.path) else { return .instructor }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(readRegularFile(url)))
        } catch let error as ReadError {
            throw EditionError("\(manifestPath): cannot read: \(error.reason)")
        } catch {
            throw EditionError("\(manifestPath): not valid JSON (\(error.localizedDescription))")
        }
        guard let manifest = object as? [String: Any] else { throw EditionError("\(manifestPath): not a JSON object") }
        guard let value = manifest["edition"] else { return .instructor }
        guard let name = value as? String, let edition = Edition(rawValue: name) else {
            throw EditionError("\(manifestPath): \"edition\" is \(value); write \"instructor\" or \"student\"")
        }
        return edition
    }

}

struct EditionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
