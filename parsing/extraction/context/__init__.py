"""What a number is about, beyond its digits: the catalogs and finders each context dimension reads
(indicators, regions, periods, kinds), and the resolution of one number's context from its clause, its
sentence, its paragraph and its article (resolve)."""
