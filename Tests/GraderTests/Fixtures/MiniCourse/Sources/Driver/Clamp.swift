// Exercise 2 of the mini course: keep a value inside a range.
extension Mini {
    // workbook: begin exercise clamp
    /// `value`, moved into `low...high`.
    public static func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int {
        min(max(value, low), high)
    }
    // workbook: end exercise clamp
}
