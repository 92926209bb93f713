# frozen_string_literal: true

module Vipcare
  # A call of libvipcare failed. #status is the negative code, #strerror the
  # library's static text for it, #message the detailed message of the call
  # (which field, which value, where).
  class Error < StandardError
    attr_reader :status, :strerror

    def initialize(message, status = nil, strerror = nil)
      super(message)
      @status = status || self.class.const_get(:STATUS)
      @strerror = strerror
    end

    STATUS = nil
  end

  # Groups of codes, by hundreds.
  class BadValueError < Error; end
  class PolicyError < Error; end
  class RecordError < Error; end
  class BenefitError < Error; end
  class DataError < Error; end

  STATUS_CLASSES = {}
  {
    -1 => [:InvalidArgumentError, Error], -2 => [:OutOfMemoryError, Error],
    -3 => [:BufferTooSmallError, Error], -4 => [:FileError, Error], -5 => [:StaleError, Error],
    -6 => [:LimitError, Error],
    -100 => [:DateError, BadValueError], -101 => [:TimestampError, BadValueError],
    -102 => [:MoneyError, BadValueError], -103 => [:IdError, BadValueError],
    -104 => [:OutOfRangeError, BadValueError],
    -200 => [:PolicySyntaxError, PolicyError], -201 => [:PolicyKeyError, PolicyError],
    -202 => [:PolicyValueError, PolicyError], -203 => [:PolicyInvalidError, PolicyError],
    -204 => [:UnknownTierError, PolicyError],
    -300 => [:DuplicateError, RecordError], -301 => [:UnknownCustomerError, RecordError],
    -302 => [:RefundOfRefundError, RecordError], -303 => [:RefundCustomerError, RecordError],
    -304 => [:RefundExceedsError, RecordError], -305 => [:IncompleteError, RecordError],
    -306 => [:UnknownTransactionError, RecordError],
    -400 => [:RefusedError, BenefitError],
    -500 => [:CorruptError, DataError], -501 => [:VersionError, DataError],
    -502 => [:ForeignError, DataError], -503 => [:MismatchError, DataError]
  }.each do |status, (name, base)|
    cls = Class.new(base)
    cls.const_set(:STATUS, status)
    const_set(name, cls)
    STATUS_CLASSES[status] = cls
  end
  STATUS_CLASSES.freeze

  # A refused redemption: #reason says why (quota_exhausted, tier_too_low...)
  # and #decision is the BenefitDecision it rests on.
  class RefusedError
    attr_reader :decision

    def initialize(message, status = nil, strerror = nil, decision = nil)
      super(message, status, strerror)
      @decision = decision
    end

    def reason
      decision&.reason
    end
  end

  GROUPS = { 0 => Error, 1 => BadValueError, 2 => PolicyError, 3 => RecordError, 4 => BenefitError,
             5 => DataError }.freeze

  # The exception class of a (negative) status code; a code added to the
  # library later gets the class of its group.
  def self.error_class(status)
    STATUS_CLASSES[status] || GROUPS.fetch(-status / 100, Error)
  end
end
