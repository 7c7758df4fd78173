// Exercise 1 of the mini course: add up a list.
public enum Mini {}

extension Mini {
    // workbook: begin exercise sum
    /// The sum of `values`.
    public static func sum(_ values: [Int]) -> Int {
        var total = 0
        for value in values { total += value }
        return total
    }
    // workbook: end exercise sum
}
